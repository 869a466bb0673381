using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Storage;
using Blazar.Tests.Infrastructure;
using Blazar.Writers;
using Blazar.Writers.Offline;

namespace Blazar.Tests.Generation;

public sealed class RestartRecoveryTests
{
    [Fact]
    public async Task A_report_interrupted_by_a_stop_is_finished_by_the_next_start_under_the_same_id()
    {
        string id, database;
        int lengthAtStop;
        var gate = new WriterGate();
        var held = gate.Hold("Q3 churn review");
        await using (var first = await BlazarServer.StartAsync(new Dictionary<string, string> { ["SaveIntervalMilliseconds"] = "200" }, configure: b => gate.Install(b.Services)))
        {
            database = first.DatabasePath;
            id = await Api.StartAsync(first.Client);
            held.Release(1000);
            var report = await Wait.UntilAsync(() => Api.GetAsync(first.Client, id), r => r.GetProperty("length").GetInt32() > 500);
            lengthAtStop = report.GetProperty("length").GetInt32();
        } // the host stops while the report is held mid-way

        await using var second = await BlazarServer.StartAsync(databasePath: database);
        var finished = await Api.WaitForStatusAsync(second.Client, id, "done", "failed");

        Assert.Equal("done", finished.GetProperty("status").GetString());
        var html = await second.Client.GetStringAsync($"/r/{id}/raw");
        Assert.Equal(await ExpectedHtmlAsync(second, id), html);
        Assert.True(html.Length > lengthAtStop);
    }

    [Fact]
    public async Task A_section_revision_interrupted_by_a_stop_is_finished_by_the_next_start_with_the_text_around_it_kept()
    {
        string id, database, first;
        int start, end;
        var gate = new WriterGate();
        await using (var server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["SaveIntervalMilliseconds"] = "200" }, configure: b => gate.Install(b.Services)))
        {
            database = server.DatabasePath;
            id = await Api.StartAsync(server.Client);
            await Api.WaitForStatusAsync(server.Client, id, "done");
            first = await server.Client.GetStringAsync($"/r/{id}/raw");
            start = first.IndexOf("<section>\n<h2>Drivers</h2>", StringComparison.Ordinal);
            end = first.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length;
            using (var renamed = await server.Client.PatchAsJsonAsync($"/api/reports/{id}", new { title = "Q3 churn review, held" }))
                renamed.EnsureSuccessStatusCode();
            var held = gate.Hold("held");
            using (var revised = await server.Client.PostAsJsonAsync($"/api/reports/{id}/revisions", new { instruction = "Fewer words", section = "Drivers" }))
                Assert.Equal(System.Net.HttpStatusCode.Accepted, revised.StatusCode);
            held.Release(60);
            await Wait.UntilAsync(() => Api.GetAsync(server.Client, id), r => r.GetProperty("length").GetInt32() > start + 30, because: "part of the section to be saved");
        } // the host stops while the section is held mid-way

        await using var second = await BlazarServer.StartAsync(databasePath: database);
        var finished = await Api.WaitForStatusAsync(second.Client, id, "done", "failed");

        Assert.Equal(("done", 2, 2), (finished.GetProperty("status").GetString(), finished.GetProperty("version").GetInt32(), finished.GetProperty("versions").GetInt32()));
        var html = await second.Client.GetStringAsync($"/r/{id}/raw");
        Assert.Equal(first[..start], html[..start]);
        Assert.EndsWith(first[end..], html, StringComparison.Ordinal);
        var report = (await second.Get<IReportStore>().GetAsync(id, default))!;
        var section = OfflineRevision.Section(report.Spec, new Blazar.Reports.Revision("Fewer words", "Drivers"), "Drivers");
        Assert.Equal(first[..start] + section + first[end..], html);
    }

    [Fact]
    public async Task A_report_left_generating_by_a_crash_continues_from_its_saved_text()
    {
        var database = Path.Combine(TempFolder.Create(), "blazar.db");
        string id, expected;
        await using (var setup = await BlazarServer.StartAsync(databasePath: database))
        {
            id = await Api.StartAsync(setup.Client);
            await Api.WaitForStatusAsync(setup.Client, id, "done");
            expected = await setup.Client.GetStringAsync($"/r/{id}/raw");
            // What a crash leaves behind: "generating", and only the text saved before it.
            var store = setup.Get<IReportStore>();
            var report = (await store.GetAsync(id, default))!;
            await store.UpdateAsync(report with { Status = Blazar.Reports.ReportStatus.Generating, Progress = 40, Length = 1234, CompletedAt = null }, expected[..1234], default);
        }

        await using var restarted = await BlazarServer.StartAsync(databasePath: database);
        var events = await ReportStream.FollowAsync(restarted.Client, id);

        Assert.Equal("done", events[^1].Type);
        Assert.Equal(expected, ReportStream.Text(events));
    }

    [Fact]
    public async Task A_report_that_cannot_be_resumed_is_marked_failed_with_a_reason_never_left_generating()
    {
        var database = Path.Combine(TempFolder.Create(), "blazar.db");
        string id;
        await using (var setup = await BlazarServer.StartAsync(databasePath: database))
        {
            id = await Api.StartAsync(setup.Client);
            await Api.WaitForStatusAsync(setup.Client, id, "done");
            var store = setup.Get<IReportStore>();
            var report = (await store.GetAsync(id, default))!;
            // Text the writer cannot continue: it does not begin the report it would write.
            await store.UpdateAsync(report with { Status = Blazar.Reports.ReportStatus.Generating, CompletedAt = null }, "<p>garbled", default);
        }

        await using var restarted = await BlazarServer.StartAsync(databasePath: database);
        var report2 = await Api.WaitForStatusAsync(restarted.Client, id, "done", "failed");

        Assert.Equal("failed", report2.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(report2.GetProperty("error").GetString()));
    }

    private static async Task<string> ExpectedHtmlAsync(BlazarServer server, string id)
    {
        var report = (await server.Get<IReportStore>().GetAsync(id, default))!;
        return OfflineReport.Render(report.Spec, DateTimeOffset.UtcNow);
    }
}
