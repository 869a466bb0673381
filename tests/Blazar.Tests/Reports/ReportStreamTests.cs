using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Reports;

public sealed class ReportStreamTests : GatedServerTest
{
    [Fact]
    public async Task Generate_report_streams_start_then_chunks_that_add_up_then_done_after_the_report_is_stored()
    {
        // Let through a piece at a time, each after the previous one arrived, so the text comes in many chunks however busy the machine is.
        var held = Gate.Hold("Q3 churn review");
        using var response = await GenerateAsync(Server.Client);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());

        var events = new List<StreamEvent>();
        await foreach (var e in ReportStream.ReadAsync(response))
        {
            events.Add(e);
            if (e.Type is "start" or "chunk")
                held.Release(500);
            if (e.Type == "done")
            {
                // "done" means stored: the stored report is served right now.
                var id = e.Data.GetProperty("id").GetString()!;
                var permanent = await Server.Client.GetAsync($"/r/{id}/raw");
                Assert.Contains("sandbox", permanent.Headers.GetValues("Content-Security-Policy").Single());
                Assert.StartsWith("<!doctype html>", await permanent.Content.ReadAsStringAsync());
            }
        }

        Assert.Equal("start", events[0].Type);
        var reportId = events[0].Data.GetProperty("id").GetString()!;
        Assert.Equal($"/r/{reportId}", events[0].Data.GetProperty("url").GetString());
        Assert.Equal("done", events[^1].Type);
        var chunks = events.Where(e => e.Type == "chunk").ToList();
        Assert.True(chunks.Count > 5, $"expected a stream of many chunks, got {chunks.Count}");

        var text = ReportStream.Text(events);
        Assert.Equal(text.Length, events[^1].Data.GetProperty("length").GetInt32());
        Assert.Equal(text, await Server.Client.GetStringAsync($"/r/{reportId}/raw"));
        var progress = chunks.Select(c => c.Progress).ToList();
        Assert.Equal(progress.Order(), progress);
        Assert.All(progress, p => Assert.InRange(p, 0, 99));
        Assert.Equal(100, (await Api.GetAsync(Server.Client, reportId)).GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task Late_viewer_receives_the_whole_text_from_offset_zero_in_one_chunk()
    {
        var id = await Api.StartAsync(Server.Client);
        var live = ReportStream.Text(await ReportStream.FollowAsync(Server.Client, id));

        var late = await ReportStream.FollowAsync(Server.NewClient(), id);

        Assert.Equal(["chunk", "done"], late.Select(e => e.Type));
        Assert.Equal(0, late[0].Offset);
        Assert.Equal(live, late[0].Delta);
    }

    [Fact]
    public async Task Resuming_with_Last_Event_ID_gives_exactly_the_chunks_after_it()
    {
        var held = Gate.Hold("Q3 churn review");
        var id = await Api.StartAsync(Server.Client);

        // Read part of the stream, a piece let through after each chunk, then hang up mid-way.
        var first = new List<StreamEvent>();
        held.Release(300);
        using (var response = await ReportStream.OpenAsync(Server.Client, $"/api/reports/{id}/events"))
        {
            await foreach (var e in ReportStream.ReadAsync(response))
            {
                first.Add(e);
                if (first.Count == 5)
                    break;
                held.Release(300);
            }
        }
        Assert.Equal("generating", await Api.StatusAsync(Server.Client, id)); // held: the viewer left mid-way
        held.ReleaseAll();
        var head = ReportStream.Text(first);
        var rest = await ReportStream.FollowAsync(Server.NewClient(), id, lastEventId: first[^1].Id);

        Assert.Equal(head.Length, rest.First().Offset);
        var whole = head + ReportStream.Text(rest, start: head.Length);
        Assert.Equal(await Server.Client.GetStringAsync($"/r/{id}/raw"), whole);
    }

    [Fact]
    public async Task Resuming_a_finished_report_with_Last_Event_ID_gives_only_the_rest()
    {
        var id = await Api.StartAsync(Server.Client);
        var full = ReportStream.Text(await ReportStream.FollowAsync(Server.Client, id));

        var rest = await ReportStream.FollowAsync(Server.Client, id, lastEventId: "1000");

        Assert.Equal(1000, rest[0].Offset);
        Assert.Equal(full[1000..], rest[0].Delta);
        Assert.Equal("done", rest[^1].Type);
    }

    [Fact]
    public async Task Generation_continues_when_the_client_that_started_it_goes_away()
    {
        var held = Gate.Hold("Q3 churn review");
        held.Release(500);
        string id;
        using (var starter = Server.NewClient())
        using (var response = await GenerateAsync(starter))
        {
            await using var events = ReportStream.ReadAsync(response).GetAsyncEnumerator();
            Assert.True(await events.MoveNextAsync());
            id = events.Current.Data.GetProperty("id").GetString()!;
            Assert.True(await events.MoveNextAsync());
            Assert.Equal("chunk", events.Current.Type);
            Assert.Equal(1, ReportViewers(Server));
        } // the starting client disconnects here, while the report is held mid-way
        await Wait.UntilAsync(() => Task.FromResult(ReportViewers(Server)), n => n == 0, because: "the server to see the starting client go away");
        held.ReleaseAll();

        var report = await Api.WaitForStatusAsync(Server.Client, id, "done", "failed", "cancelled");

        Assert.Equal("done", report.GetProperty("status").GetString());
        Assert.True(report.GetProperty("length").GetInt32() > 3000);
    }

    [Fact]
    public async Task Hub_events_announce_a_report_when_it_starts_and_when_it_finishes()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await ReportStream.OpenAsync(Server.NewClient(), "/api/hub/events", cancellationToken: cancel.Token);
        var id = await Api.StartAsync(Server.Client);

        var statuses = new List<string>();
        await foreach (var e in ReportStream.ReadAsync(response, cancel.Token))
        {
            Assert.Equal("report", e.Type);
            if (e.Data.GetProperty("id").GetString() != id)
                continue;
            statuses.Add(e.Data.GetProperty("status").GetString()!);
            if (statuses[^1] == "done")
                break;
        }

        Assert.Equal("queued", statuses[0]);
        Assert.Equal("done", statuses[^1]);
    }

    [Fact]
    public async Task Manifest_lists_reports_newest_first_with_their_fields()
    {
        var older = await Api.StartAsync(Server.Client);
        var newer = await Api.StartAsync(Server.Client, new { title = "Second", sections = new[] { "Only" } });
        await Api.WaitForStatusAsync(Server.Client, newer, "done");

        var manifest = await Server.Client.GetFromJsonAsync<JsonElement[]>("/api/reports");

        var ids = manifest!.Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.True(ids.IndexOf(newer) < ids.IndexOf(older));
        var entry = manifest!.Single(r => r.GetProperty("id").GetString() == newer);
        foreach (var field in new[] { "title", "status", "createdAt", "completedAt", "length", "progress" })
            Assert.True(entry.TryGetProperty(field, out _), $"manifest entry lacks {field}");
        Assert.Equal("Second", entry.GetProperty("title").GetString());
    }

    /// <summary>Starts a report with <c>POST /api/generate-report</c> and returns as soon as its stream opens.</summary>
    private static async Task<HttpResponseMessage> GenerateAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/generate-report") { Content = JsonContent.Create(new { spec = Api.ChurnSpec }) };
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The report streams open on <paramref name="server"/> now, as its own <c>blazar.viewers.connected</c> gauge says.</summary>
    private static int ReportViewers(BlazarServer server)
    {
        var meters = server.Get<IMeterFactory>();
        var viewers = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "blazar.viewers.connected")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag is { Key: "stream", Value: "report" })
                    viewers = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return viewers;
    }

    [Fact]
    public async Task Health_answers_when_store_and_log_answer()
    {
        using var response = await Server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }
}
