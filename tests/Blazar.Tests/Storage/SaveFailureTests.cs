using System.Collections.Concurrent;
using System.Net;
using System.Diagnostics;
using Blazar.Tests.Infrastructure;
using Blazar.Tests.Writers;
using Microsoft.Extensions.Logging;

namespace Blazar.Tests.Storage;

/// <summary>When the database goes away mid-report: saves are retried, readiness says so, and the report fails with the reason.</summary>
public sealed class SaveFailureTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!; // a cluster of its own: this test stops it

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    [Fact]
    public async Task A_report_whose_text_cannot_be_saved_fails_with_the_reason_while_readiness_reports_the_store_unhealthy()
    {
        var giveUp = TimeSpan.FromSeconds(2);
        var gate = new WriterGate();
        var held = gate.Hold("Written while the database goes away");
        var logs = new LogCollector();
        await using var server = await BlazarServer.StartAsync(
            new Dictionary<string, string>
            {
                ["Storage"] = "postgres",
                ["Postgres:ConnectionString"] = await _postgres.CreateDatabaseAsync(),
                ["SaveIntervalMilliseconds"] = "200",
                ["SaveGiveUpSeconds"] = "2",
            },
            configure: b =>
            {
                gate.Install(b.Services);
                b.Logging.AddProvider(logs);
            });
        var id = await Api.StartAsync(server.Client, new
        {
            title = "Written while the database goes away",
            sections = Enumerable.Range(1, 30).Select(i => $"Section {i}").ToArray(),
        });
        using var response = await ReportStream.OpenAsync(server.Client, $"/api/reports/{id}/events");
        var events = new ConcurrentQueue<StreamEvent>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reading = Task.Run(async () =>
        {
            await foreach (var e in ReportStream.ReadAsync(response, cancel.Token))
            {
                events.Enqueue(e);
                if (e.Type is "done" or "error")
                    return;
            }
        });
        held.Release(1000);
        await Wait.UntilAsync(() => Task.FromResult(events.LastOrDefault(e => e.Type == "chunk")?.Length ?? 0), length => length > 500);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);

        await _postgres.StopAsync(); // the report is held mid-way
        var down = Stopwatch.StartNew();

        held.Release(200); // it goes on writing, so a save of its new text is tried, and fails
        await Wait.UntilAsync(
            () => Task.FromResult(logs.Lines.Any(l => l.Contains($"Saving the text of report {id} failed", StringComparison.Ordinal))), failed => failed,
            because: "a save to fail while the database is down");
        await Wait.UntilAsync(async () => (await server.Client.GetAsync("/healthz")).StatusCode, s => s == HttpStatusCode.ServiceUnavailable);
        // No save can succeed now, and the give-up time is the behaviour under test, so it is timed; the writer waits at the gate meanwhile.
        if (giveUp + TimeSpan.FromMilliseconds(250) - down.Elapsed is { Ticks: > 0 } rest)
            await Task.Delay(rest);
        held.ReleaseAll(); // its next piece finds that nothing could be saved for the give-up time
        await reading.WaitAsync(TimeSpan.FromSeconds(30));
        var end = events.Last();
        Assert.Equal("error", end.Type);
        Assert.Contains("could not be saved for 2 s", end.Data.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.Type == "done");

        await _postgres.StartAgainAsync();

        // Once the database is back, the failure (and the text written until then) is stored, and the store is healthy again.
        var failed = await Api.WaitForStatusAsync(server.Client, id, "failed");
        Assert.Contains("could not be saved", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(failed.GetProperty("length").GetInt32() >= 500);
        await Wait.UntilAsync(async () => (await server.Client.GetAsync("/healthz")).StatusCode, s => s == HttpStatusCode.OK);
    }
}
