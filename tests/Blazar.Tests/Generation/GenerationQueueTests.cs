using System.Net;
using System.Net.Http.Json;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Generation;

/// <summary>The generation queue's places: a full queue refuses cleanly, a withdrawn report gives its place back.</summary>
public sealed class GenerationQueueTests() : GatedServerTest(new Dictionary<string, string> { ["MaxConcurrentGenerations"] = "1", ["MaxQueuedGenerations"] = "1" })
{
    // One writer, one place in the queue; every report is held at the gate, so the first keeps the writer busy for the
    // whole test, whatever the machine's pace, and the queue's state is the test's to set.
    public override Task InitializeAsync()
    {
        Gate.Hold("Q3 churn review");
        return base.InitializeAsync();
    }

    [Fact]
    public async Task Continue_and_stop_at_once_answer_202_or_409_and_leave_the_report_stopped_with_an_ended_stream()
    {
        var client = Server.Client;
        var writing = await Api.StartAsync(client);
        await Api.WaitForStatusAsync(client, writing, "generating");
        var report = await Api.StartAsync(client);
        Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync(client, $"/api/reports/{report}/cancel")).StatusCode);

        for (var i = 0; i < 20; i++)
        {
            // Before: a stop landing while continue queued the report made continue's own hand-over fail with a 500.
            var answers = await Task.WhenAll(Api.PostAsync(client, $"/api/reports/{report}/continue"), Api.PostAsync(client, $"/api/reports/{report}/cancel"));
            Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict }));
            if (await Api.StatusAsync(client, report) == "queued")
                Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync(client, $"/api/reports/{report}/cancel")).StatusCode);
            Assert.Equal("cancelled", await Api.StatusAsync(client, report));
        }
        // Its stream ends as stopped: no log was left open without a writer.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var events = await client.GetStringAsync($"/api/reports/{report}/events", timeout.Token);
        Assert.Contains("event: error", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_or_deleting_a_queued_report_gives_its_place_back()
    {
        var client = Server.Client;
        var writing = await Api.StartAsync(client);
        await Api.WaitForStatusAsync(client, writing, "generating");
        var waiting = await Api.StartAsync(client);
        Assert.Equal("queued", await Api.StatusAsync(client, waiting));
        await AssertQueueFullAsync(await client.PostAsJsonAsync("/api/reports", Api.ChurnSpec));

        Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync(client, $"/api/reports/{waiting}/cancel")).StatusCode);
        Assert.Equal("cancelled", await Api.StatusAsync(client, waiting));
        var next = await Api.StartAsync(client); // before: 503, the cancelled report still held the place

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/reports/{next}")).StatusCode);
        var after = await Api.StartAsync(client); // before: 503, the deleted report still held the place
        Assert.Equal("queued", await Api.StatusAsync(client, after));
    }

    [Fact]
    public async Task Continue_with_the_queue_full_answers_503_and_leaves_the_report_as_it_was()
    {
        var client = Server.Client;
        var writing = await Api.StartAsync(client);
        await Api.WaitForStatusAsync(client, writing, "generating");
        var stopped = await Api.StartAsync(client);
        Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync(client, $"/api/reports/{stopped}/cancel")).StatusCode);
        var waiting = await Api.StartAsync(client); // takes the only place
        var before = await Api.GetAsync(client, stopped);

        await AssertQueueFullAsync(await Api.PostAsync(client, $"/api/reports/{stopped}/continue"));

        var now = await Api.GetAsync(client, stopped);
        Assert.Equal("cancelled", now.GetProperty("status").GetString()); // before: left queued for good
        Assert.Equal(before.GetProperty("error").GetString(), now.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync(client, $"/api/reports/{waiting}/cancel")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync(client, $"/api/reports/{stopped}/continue")).StatusCode); // a place again
        Assert.Equal("queued", await Api.StatusAsync(client, stopped));
    }

    private static async Task AssertQueueFullAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
        Assert.Contains("queue is full", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
