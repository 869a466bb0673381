using System.Net;
using System.Net.Http.Json;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Generation;

/// <summary>The generation queue's places: a full queue refuses cleanly, a withdrawn report gives its place back.</summary>
public sealed class GenerationQueueTests : IAsyncLifetime
{
    private readonly WriterGate _gate = new();
    private BlazarServer _server = null!;

    // One writer, one place in the queue; every report is held at the gate, so the first keeps the writer busy for the
    // whole test, whatever the machine's pace, and the queue's state is the test's to set.
    public async Task InitializeAsync()
    {
        _gate.Hold("Q3 churn review");
        _server = await BlazarServer.StartAsync(
            new Dictionary<string, string> { ["MaxConcurrentGenerations"] = "1", ["MaxQueuedGenerations"] = "1" },
            configure: b => _gate.Install(b.Services));
    }

    public async Task DisposeAsync()
    {
        _gate.OpenAll();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_or_deleting_a_queued_report_gives_its_place_back()
    {
        var client = _server.Client;
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
        var client = _server.Client;
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
