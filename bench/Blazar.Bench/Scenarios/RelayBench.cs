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

    /// <summary>The warm-up ends when a round compiled fewer methods than this share of all compiled so far.</summary>
    private const double SettledJitShare = 0.01;
    private const int MaxWarmUpRounds = 4;

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
            // Rounds of each, taken in turn and pooled: a noisy stretch of the machine then falls on both sides, not on one.
            // Each round is a whole run: in a shorter one, the one slow first chunk every viewer waits for is over 1 % of the samples.
            var warmUpRounds = await WarmUpAsync(bench, blazar, reports, viewersEach);
            var compiledBefore = (await blazar.StatsAsync()).JitMethods;
            var rounds = new List<(Measured Baseline, Measured Relayed)>();
            for (var round = 0; round < options.RelayRounds; round++)
                rounds.Add((await MeasureAsync(bench, blazar, reports, viewersEach, options.RelaySeconds, StreamKind.Baseline, section.Key),
                    await MeasureAsync(bench, blazar, reports, viewersEach, options.RelaySeconds, StreamKind.Blazar, section.Key)));
            var compiledWhileMeasured = (await blazar.StatsAsync()).JitMethods - compiledBefore;
            var baseline = Measured.Pool(rounds.Select(r => r.Baseline));
            var relayed = Measured.Pool(rounds.Select(r => r.Relayed));
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
                ["p99 ms by round (baseline / Blazar)"] = string.Join(", ", rounds.Select(r => $"{r.Baseline.Latency.P99Ms:0.0} / {r.Relayed.Latency.P99Ms:0.0}")),
                ["overhead p50 ms"] = relayed.Latency.P50Ms - baseline.Latency.P50Ms,
                ["overhead p99 ms"] = relayed.Latency.P99Ms - baseline.Latency.P99Ms,
                ["ratio p50"] = relayed.Latency.P50Ms / baseline.Latency.P50Ms,
                ["ratio p99"] = relayed.Latency.P99Ms / baseline.Latency.P99Ms,
                ["baseline server CPU %"] = baseline.ServerCpuPercent,
                ["Blazar server CPU %"] = relayed.ServerCpuPercent,
                ["Blazar threads"] = relayed.Threads,
                ["warm-up rounds"] = warmUpRounds,
                ["methods compiled while measured"] = compiledWhileMeasured,
            });
        }
        section.Notes.Add("Baseline: the same deltas, stamped and framed once and fanned out to the viewers by a bare broadcast endpoint inside the Blazar process (same Kestrel, same runtime, same CPU share), in the model's own format. What is left is what Blazar adds: reading the model over HTTP, the writer, the chunk log, and the report's broadcast (one log read and SSE framing per chunk, the same bytes to every caught-up viewer).");
        section.Notes.Add($"Before its rounds, each case runs unrecorded rounds of {WarmUpSeconds(options):0.#} s of itself, both sides, until the server compiles fewer than {SettledJitShare:P0} more methods in one (at most {MaxWarmUpRounds}): the runtime's tier-up of the hot paths, a one-off cost of a fresh process, otherwise takes a third of the CPU in the first measured rounds.");
        section.Notes.Add($"Each case is measured in {options.RelayRounds} rounds of {options.RelaySeconds:0.#} s, baseline then Blazar in turn, and each side's samples are pooled.");
        section.Notes.Add("Latency is taken when the viewer's SSE parser completes the event; the stamp is Stopwatch.GetTimestamp (CLOCK_MONOTONIC, one clock for all processes). Viewers and the fake model run in the benchmark process, Blazar in a child process.");
        return section;
    }

    private static double WarmUpSeconds(BenchOptions options) => Math.Min(3, options.RelaySeconds);

    /// <summary>Rounds of the case itself, recorded nowhere, until the server's JIT has settled; returns how many ran.</summary>
    private static Task<int> WarmUpAsync(BenchContext bench, BlazarProcess blazar, int reports, int viewersEach) =>
        blazar.RunUntilJitSettlesAsync(async () =>
        {
            await MeasureAsync(bench, blazar, reports, viewersEach, WarmUpSeconds(bench.Options), StreamKind.Baseline, "warm");
            await MeasureAsync(bench, blazar, reports, viewersEach, WarmUpSeconds(bench.Options), StreamKind.Blazar, "warm");
        }, SettledJitShare, MaxWarmUpRounds);

    internal sealed record Measured(int[] Samples, double ServerCpuPercent, string? Failure, int Threads = 0)
    {
        public Percentiles Latency { get; } = Percentiles.Of([.. Samples]);

        /// <summary>Rounds of one kind as one: their samples together, the mean of their CPU, the first failure.</summary>
        public static Measured Pool(IEnumerable<Measured> rounds)
        {
            var all = rounds.ToList();
            return new Measured([.. all.SelectMany(r => r.Samples)], all.Average(r => r.ServerCpuPercent),
                all.Select(r => r.Failure).FirstOrDefault(f => f is not null), all.Max(r => r.Threads));
        }
    }

    public static async Task<Measured> MeasureAsync(BenchContext bench, BlazarProcess blazar, int reports, int viewersEach, double seconds, StreamKind kind, string run)
    {
        var rate = bench.Options.RelayDeltasPerSecond;
        var deltas = Math.Max(2, (int)(rate * seconds));
        const int chars = 40;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var group = Guid.NewGuid().ToString("N");
        var urls = new List<Uri>();
        if (kind == StreamKind.Baseline)
        {
            for (var r = 0; r < reports; r++)
                urls.AddRange(Enumerable.Repeat(await blazar.CreateBaselineAsync(group, $"{run}-{group}-{r}", deltas, chars, rate), viewersEach));
        }
        else
        {
            bench.Fake.Plan = new StreamPlan(Script.Create(deltas, chars, stamped: true), rate, gate.Task, Task.CompletedTask);
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
            await blazar.StartBaselineAsync(group);
            return new Measured([], double.NaN, $"{kind}: viewers did not connect ({swarm.FirstFailure ?? "timeout"})");
        }
        var before = await blazar.StatsAsync();
        var clock = Stopwatch.StartNew();
        if (kind == StreamKind.Baseline)
            await blazar.StartBaselineAsync(group);
        else
            gate.SetResult();
        var ended = await swarm.AllEndedAsync(TimeSpan.FromSeconds(seconds + 60));
        var after = await blazar.StatsAsync();
        var cpu = (after.CpuMilliseconds - before.CpuMilliseconds) / clock.Elapsed.TotalMilliseconds * 100;
        var failure = !ended || swarm.Failed > 0
            ? $"{kind}: {swarm.Viewers.Count - swarm.Ended} of {swarm.Viewers.Count} viewers did not reach the end ({swarm.FirstFailure ?? "timeout"})"
            : null;
        var missing = swarm.Viewers.Sum(v => v.MissingChars);
        if (missing > 0)
            failure ??= $"{kind}: {missing} characters never arrived";
        return new Measured(swarm.Latencies(), cpu, failure, after.Threads);
    }
}
