using System.Diagnostics;
using Blazar.Bench.Fake;
using Blazar.Bench.Reporting;
using Blazar.Bench.Serve;
using Blazar.Bench.Viewers;

namespace Blazar.Bench.Scenarios;

/// <summary>
/// Relay overhead: from the fake model writing a delta to a viewer receiving it, through Blazar
/// (model → Blazar → viewer) and, in the same run, straight from the fake model (the baseline).
/// </summary>
internal static class RelayBench
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(90);

    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var options = bench.Options;
        var section = new Section($"relay-{bench.StorageName}", $"Relay latency ({bench.StorageName}): fake model → viewer, {options.RelayDeltasPerSecond} deltas/s for {options.RelaySeconds} s");
        await using var blazar = await bench.StartBlazarAsync();
        // Warm both paths up (JIT, connection pools) before anything is recorded.
        await MeasureAsync(bench, blazar, 1, 10, 1, StreamKind.Baseline, "warm");
        await MeasureAsync(bench, blazar, 1, 10, 1, StreamKind.Blazar, "warm");
        foreach (var (reports, viewersEach) in options.RelayCases)
        {
            var baseline = await MeasureAsync(bench, blazar, reports, viewersEach, options.RelaySeconds, StreamKind.Baseline, section.Key);
            var relayed = await MeasureAsync(bench, blazar, reports, viewersEach, options.RelaySeconds, StreamKind.Blazar, section.Key);
            foreach (var failure in new[] { baseline.Failure, relayed.Failure }.OfType<string>())
                section.Fail($"{reports}×{viewersEach}: {failure}");
            section.Add(new()
            {
                ["case"] = reports == 1 ? $"1 report × {viewersEach}" : $"{reports} reports × {viewersEach}",
                ["viewers"] = reports * viewersEach,
                ["samples"] = relayed.Latency.Count,
                ["baseline p50 ms"] = baseline.Latency.P50Ms,
                ["baseline p99 ms"] = baseline.Latency.P99Ms,
                ["baseline max ms"] = baseline.Latency.MaxMs,
                ["Blazar p50 ms"] = relayed.Latency.P50Ms,
                ["Blazar p99 ms"] = relayed.Latency.P99Ms,
                ["Blazar max ms"] = relayed.Latency.MaxMs,
                ["overhead p50 ms"] = relayed.Latency.P50Ms - baseline.Latency.P50Ms,
                ["overhead p99 ms"] = relayed.Latency.P99Ms - baseline.Latency.P99Ms,
                ["ratio p50"] = relayed.Latency.P50Ms / baseline.Latency.P50Ms,
                ["ratio p99"] = relayed.Latency.P99Ms / baseline.Latency.P99Ms,
                ["server CPU %"] = relayed.ServerCpuPercent,
            });
        }
        section.Notes.Add("Baseline: viewers read the fake model's own stream (one process stamping each delta once and fanning it out), so what is left is what Blazar adds: reading the model over HTTP, the chunk log, one SSE stream per viewer.");
        section.Notes.Add("Latency is taken when the viewer's SSE parser completes the event; viewers and the fake model share one process, Blazar runs in another.");
        return section;
    }

    internal sealed record Measured(Percentiles Latency, double ServerCpuPercent, string? Failure);

    public static async Task<Measured> MeasureAsync(BenchContext bench, BlazarProcess blazar, int reports, int viewersEach, double seconds, StreamKind kind, string run)
    {
        var rate = bench.Options.RelayDeltasPerSecond;
        var script = Script.Create(Math.Max(2, (int)(rate * seconds)), 40, stamped: true);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var plan = new StreamPlan(script, rate, gate.Task, Task.CompletedTask);
        var urls = new List<Uri>();
        if (kind == StreamKind.Baseline)
        {
            for (var r = 0; r < reports; r++)
            {
                var key = $"{run}-{Guid.NewGuid():N}";
                bench.Fake.StartBroadcast(key, plan);
                urls.AddRange(Enumerable.Repeat(new Uri(bench.Fake.Address, $"/baseline/{key}"), viewersEach));
            }
        }
        else
        {
            bench.Fake.Plan = plan;
            for (var r = 0; r < reports; r++)
            {
                var id = await blazar.CreateReportAsync($"relay {run} {r}");
                urls.AddRange(Enumerable.Repeat(blazar.Events(id), viewersEach));
            }
        }
        await using var swarm = ViewerSwarm.Start(bench.Viewers, urls, kind);
        if (!await swarm.AllConnectedAsync(ConnectTimeout))
        {
            gate.TrySetResult();
            return new Measured(Percentiles.Of([]), double.NaN, $"{kind}: viewers did not connect ({swarm.FirstFailure ?? "timeout"})");
        }
        var before = await blazar.StatsAsync();
        var clock = Stopwatch.StartNew();
        gate.SetResult();
        var ended = await swarm.AllEndedAsync(TimeSpan.FromSeconds(seconds + 60));
        var after = await blazar.StatsAsync();
        bench.Fake.EndBroadcasts();
        var cpu = (after.CpuMilliseconds - before.CpuMilliseconds) / clock.Elapsed.TotalMilliseconds * 100;
        var failure = !ended || swarm.Failed > 0
            ? $"{kind}: {swarm.Viewers.Count - swarm.Ended} of {swarm.Viewers.Count} viewers did not reach the end ({swarm.FirstFailure ?? "timeout"})"
            : null;
        var missing = swarm.Viewers.Sum(v => v.MissingChars);
        if (missing > 0)
            failure ??= $"{kind}: {missing} characters never arrived";
        return new Measured(Percentiles.Of(swarm.Latencies()), kind == StreamKind.Blazar ? cpu : double.NaN, failure);
    }
}
