using System.Net;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Reports;

public sealed class ReportControlTests : GatedServerTest
{
    [Fact]
    public async Task Cancel_stops_generation_and_keeps_what_was_written()
    {
        var held = Gate.Hold("Q3 churn review");
        var id = await Api.StartAsync(Server.Client);
        held.Release(1000);
        await Wait.UntilAsync(() => Api.GetAsync(Server.Client, id), r => r.GetProperty("length").GetInt32() > 0 || r.GetProperty("status").GetString() == "generating");
        await FirstChunkAsync(id);

        using var cancel = await Api.PostAsync(Server.Client, $"/api/reports/{id}/cancel");

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var report = await Api.GetAsync(Server.Client, id);
        Assert.Equal("cancelled", report.GetProperty("status").GetString());
        var events = await ReportStream.FollowAsync(Server.Client, id);
        var text = ReportStream.Text(events);
        Assert.StartsWith("<!doctype html>", text);
        Assert.Equal(report.GetProperty("length").GetInt32(), text.Length);
        Assert.Equal("error", events[^1].Type);
        Assert.True(events[^1].Data.GetProperty("retryable").GetBoolean());
        // The permanent URL shows the viewer (partial text, reason, Continue), not a finished report.
        var page = await Server.Client.GetAsync($"/r/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("sandbox allow-scripts", page.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Continue_picks_up_a_cancelled_report_under_the_same_id_and_finishes_it_seamlessly()
    {
        var reference = await Api.StartAsync(Server.Client, new { title = "Same", sections = new[] { "One", "Two" } });
        await Api.WaitForStatusAsync(Server.Client, reference, "done"); // written in one go, before the same spec is held
        var held = Gate.Hold("Same");
        var id = await Api.StartAsync(Server.Client, new { title = "Same", sections = new[] { "One", "Two" } });
        held.Release(500);
        await FirstChunkAsync(id);
        using (await Api.PostAsync(Server.Client, $"/api/reports/{id}/cancel")) { }
        var stoppedAt = (await Api.GetAsync(Server.Client, id)).GetProperty("length").GetInt32();
        held.ReleaseAll();

        using var resumed = await Api.PostAsync(Server.Client, $"/api/reports/{id}/continue");

        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        var rest = await ReportStream.FollowAsync(Server.Client, id, lastEventId: stoppedAt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("done", rest[^1].Type);
        var whole = await Server.Client.GetStringAsync($"/r/{id}/raw");
        Assert.Equal(whole[stoppedAt..], ReportStream.Text(rest, stoppedAt));
        await Api.WaitForStatusAsync(Server.Client, reference, "done");
        Assert.Equal(await Server.Client.GetStringAsync($"/r/{reference}/raw"), whole);
    }

    [Fact]
    public async Task Cancel_and_continue_answer_409_when_the_state_does_not_allow_them()
    {
        var held = Gate.Hold("Short");
        var id = await Api.StartAsync(Server.Client, new { title = "Short", sections = new[] { "One" } });
        using (var early = await Api.PostAsync(Server.Client, $"/api/reports/{id}/continue")) // still being written
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        held.ReleaseAll();
        await Api.WaitForStatusAsync(Server.Client, id, "done");

        using var cancel = await Api.PostAsync(Server.Client, $"/api/reports/{id}/cancel");
        using var resume = await Api.PostAsync(Server.Client, $"/api/reports/{id}/continue");

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        Assert.Equal("application/problem+json", cancel.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Delete_removes_the_report_its_stream_and_its_page()
    {
        var held = Gate.Hold("Q3 churn review");
        var id = await Api.StartAsync(Server.Client);
        held.Release(1000);
        await FirstChunkAsync(id); // and held there: deleted while it is being written

        using var deleted = await Server.Client.DeleteAsync($"/api/reports/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.GetAsync($"/api/reports/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.GetAsync($"/api/reports/{id}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.GetAsync($"/r/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.DeleteAsync($"/api/reports/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_queued_report_can_be_cancelled_before_it_starts()
    {
        var gate = new WriterGate();
        gate.Hold("Q3 churn review"); // never released: the first report keeps the only writer busy
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["MaxConcurrentGenerations"] = "1" }, configure: b => gate.Install(b.Services));
        var running = await Api.StartAsync(server.Client);
        await Api.WaitForStatusAsync(server.Client, running, "generating");
        var waiting = await Api.StartAsync(server.Client);
        Assert.Equal("queued", await Api.StatusAsync(server.Client, waiting));

        using var cancel = await Api.PostAsync(server.Client, $"/api/reports/{waiting}/cancel");

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", await Api.StatusAsync(server.Client, waiting));
        Assert.Equal("generating", await Api.StatusAsync(server.Client, running));
        using (await Api.PostAsync(server.Client, $"/api/reports/{running}/cancel")) { }
    }

    [Fact]
    public async Task Stops_and_continues_racing_each_other_never_leave_a_report_queued_with_no_one_to_write_it()
    {
        var held = Gate.Hold("Raced");
        var id = await Api.StartAsync(Server.Client, new { title = "Raced", sections = new[] { "One" } });
        held.Release(200);
        await FirstChunkAsync(id);

        for (var round = 0; round < 40; round++)
        {
            using (await Api.PostAsync(Server.Client, $"/api/reports/{id}/cancel")) { }
            var calls = Enumerable.Repeat("continue", 8).Append("cancel")
                .Select(async action =>
                {
                    using var response = await Api.PostAsync(Server.NewClient(), $"/api/reports/{id}/{action}");
                    Assert.True((int)response.StatusCode < 500, $"{action} answered {(int)response.StatusCode}");
                });
            await Task.WhenAll(calls);
        }

        // Whatever order they landed in, the report ends written or stopped, never queued for ever.
        held.ReleaseAll();
        var settled = await Api.WaitForStatusAsync(Server.Client, id, "done", "cancelled", "failed");
        if (settled.GetProperty("status").GetString() != "done")
        {
            using (var resume = await Api.PostAsync(Server.Client, $"/api/reports/{id}/continue"))
                Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
            await Api.WaitForStatusAsync(Server.Client, id, "done");
        }
    }

    private async Task FirstChunkAsync(string id)
    {
        using var response = await ReportStream.OpenAsync(Server.NewClient(), $"/api/reports/{id}/events");
        await foreach (var e in ReportStream.ReadAsync(response))
            if (e.Type == "chunk")
                return;
    }
}
