using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>
/// Done, noticed: the person who started a report is told by a system notification when it finishes while its tab is
/// in the background. Notifications are granted to the context and really created; a wrapper records each one. The
/// tab's visibility is what the page reads (document.visibilityState), switched by the test, since headless Chromium
/// never hides a tab.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class DoneNoticedTests(BlazarBrowser blazar)
{
    private const string Recorder = """
        (() => {
          let hidden = false;
          Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => hidden ? 'hidden' : 'visible' });
          Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
          window.blazarSetHidden = (value) => { hidden = value; document.dispatchEvent(new Event('visibilitychange')); };
          const Real = window.Notification;
          window.blazarNotices = [];
          window.Notification = class extends Real {
            constructor(title, options) { super(title, options); window.blazarNotices.push({ title, tag: options?.tag ?? '' }); }
          };
        })();
        """;

    [Fact]
    public async Task A_report_finishing_while_its_tab_is_hidden_notifies_its_owner_once_and_a_visible_tab_not_at_all()
    {
        await using var context = await blazar.NewContextAsync();
        await context.GrantPermissionsAsync(["notifications"]);
        await context.AddInitScriptAsync(Recorder);
        var viewer = await context.NewPageAsync();

        // Watched to the end: the reader saw it finish, nothing to tell.
        var seen = blazar.Gate.Hold("Finished in view");
        var seenId = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Finished in view", 4));
        await viewer.GotoAsync($"/r/{seenId}");
        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "waiting");
        seen.ReleaseAll();
        await Watching.UntilDoneAsync(viewer);
        Assert.Equal(0, await viewer.EvaluateAsync<int>("() => window.blazarNotices.length"));

        // In the background: one notification, named after the report.
        var held = blazar.Gate.Hold("Finished unseen");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Finished unseen", 4));
        await viewer.GotoAsync($"/r/{id}");
        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "waiting");
        await viewer.EvaluateAsync("() => window.blazarSetHidden(true)");
        held.ReleaseAll();

        var notices = await viewer.WaitForFunctionAsync("() => window.blazarNotices.length > 0 && window.blazarNotices", null, new() { Timeout = (float)Watching.Generous.TotalMilliseconds });
        var list = await notices.JsonValueAsync<Notice[]>();
        Assert.Equal("“Finished unseen” is ready", Assert.Single(list).Title);
        Assert.Equal($"blazar-report-{id}", list[0].Tag);
        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
    }

    [Fact]
    public async Task Nobody_is_asked_for_permission_when_the_page_opens_and_Notify_me_asks_once()
    {
        await using var context = await blazar.NewContextAsync();
        await context.AddInitScriptAsync("""
            window.blazarAsked = 0;
            const ask = Notification.requestPermission.bind(Notification);
            Notification.requestPermission = () => { window.blazarAsked++; return ask(); };
            """);
        var held = blazar.Gate.Hold("Ask once");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Ask once", 4));
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        var notify = viewer.GetByTestId("notify-button");
        await Expect(notify).ToBeVisibleAsync();
        Assert.Equal(0, await viewer.EvaluateAsync<int>("() => window.blazarAsked"));

        await notify.ClickAsync();
        await Expect(notify).ToBeHiddenAsync();
        Assert.Equal(1, await viewer.EvaluateAsync<int>("() => window.blazarAsked"));

        // Whatever the answer was, a later visit does not offer to ask again.
        await viewer.ReloadAsync();
        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "waiting");
        await Expect(notify).ToBeHiddenAsync();
        Assert.Equal(0, await viewer.EvaluateAsync<int>("() => window.blazarAsked"));
        held.ReleaseAll();
    }

    private sealed class Notice
    {
        public string Title { get; set; } = "";
        public string Tag { get; set; } = "";
    }
}
