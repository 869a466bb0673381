using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>Model output is untrusted: its scripts run nowhere, so they reach neither our pages nor the app's cookies, storage or API.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ReportSandboxTests(BlazarBrowser blazar)
{
    // A report that tries everything a prompt-injected model might: our page, our cookie, our storage, our API.
    private const string HostileReport = """
        <!doctype html><html><head><meta charset="utf-8"><title>Hostile</title></head><body>
        <h1>Quarterly numbers</h1><p id="reach">nothing ran</p><p id="post">no request</p>
        <script>
          var found = [];
          try { parent.document.title = 'owned'; found.push(parent === window ? 'parent:self' : 'parent:reached'); } catch (e) { found.push('parent:blocked'); }
          try { found.push('cookie:' + (document.cookie || 'empty')); } catch (e) { found.push('cookie:blocked'); }
          try { localStorage.setItem('owned', 'yes'); found.push('storage:reached'); } catch (e) { found.push('storage:blocked'); }
          document.getElementById('reach').textContent = found.join(' ');
          fetch('/api/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'owned by a report' }) })
            .then(function (r) { document.getElementById('post').textContent = 'post:' + r.status; },
                  function () { document.getElementById('post').textContent = 'post:refused'; });
        </script>
        <p>Revenue grew.</p>
        """;

    [Fact]
    public async Task Scripts_in_a_report_run_neither_in_the_live_frame_nor_in_the_stored_one()
    {
        var store = blazar.Server.Services.GetRequiredService<IReportStore>();
        var log = blazar.Server.Services.GetRequiredService<IChunkLog>();
        var id = ReportId.New();
        var report = new Report(id, new Spec { Title = "Hostile report", Sections = ["Numbers"] }, ReportStatus.Generating, DateTimeOffset.UtcNow);
        await store.CreateAsync(report, CancellationToken.None);
        await log.OpenAsync(id, HostileReport, CancellationToken.None);

        await using var context = await blazar.NewContextAsync();
        await context.AddCookiesAsync([new Cookie { Name = "session", Value = "secret-session", Url = blazar.BaseAddress.ToString() }]);
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        await Wait.UntilAsync(() => Pages.FrameTextAsync(viewer), t => t.Contains("Revenue grew.", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the hostile text in the live frame");

        // The live frame is sandboxed without allow-scripts: the script is there, inert.
        Assert.Contains("nothing ran", await Pages.FrameTextAsync(viewer), StringComparison.Ordinal);
        Assert.DoesNotContain("owned", await viewer.TitleAsync(), StringComparison.Ordinal);
        Assert.Null(await viewer.EvaluateAsync<string?>("() => localStorage.getItem('owned')"));

        // Finished: the live frame stays as it was, and the stored report, opened afresh, runs nothing either.
        var done = report with { Status = ReportStatus.Done, Progress = 100, Length = HostileReport.Length, CompletedAt = DateTimeOffset.UtcNow };
        await store.UpdateAsync(done, HostileReport, CancellationToken.None);
        await log.EndAsync(id, new LogEnd(ReportStatus.Done), CancellationToken.None);
        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
        Assert.Contains("nothing ran", await Pages.FrameTextAsync(viewer), StringComparison.Ordinal);

        var stored = await context.NewPageAsync();
        await stored.GotoAsync($"/r/{id}");
        var frame = stored.FrameLocator("[data-testid=viewer-frame]");
        await Expect(frame.Locator("p").Last).ToHaveTextAsync("Revenue grew.");
        await Expect(frame.Locator("#reach")).ToHaveTextAsync("nothing ran");
        await Expect(frame.Locator("#post")).ToHaveTextAsync("no request");
        var reports = await blazar.Http.GetStringAsync("/api/reports");
        Assert.DoesNotContain("owned by a report", reports, StringComparison.Ordinal);

        // Opened from our hub in the same browser, the report still reads nothing of the app's.
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        Assert.Null(await hub.EvaluateAsync<string?>("() => localStorage.getItem('owned')"));
        Assert.DoesNotContain("owned", await hub.TitleAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("owned", await stored.TitleAsync(), StringComparison.Ordinal);
        await store.DeleteAsync(id, CancellationToken.None);
        await log.RemoveAsync(id, CancellationToken.None);
    }
}
