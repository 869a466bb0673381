using System.Diagnostics;
using Blazar.Bench.Fake;
using Blazar.Bench.Reporting;
using Blazar.Bench.Viewers;

namespace Blazar.Bench.Scenarios;

/// <summary>
/// Fan-out capacity: N concurrent SSE viewers on one report, each step on a fresh Blazar process. Measures
/// the server's memory per idle viewer, its CPU while idle and while the report streams, and whether any
/// viewer falls behind (a delta more than a second late, or never reaching the end).
/// </summary>
internal static class FanOutBench
{
    private static readonly TimeSpan Behind = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After the settle time (one round of pings, so the runtime has compiled the paths a ping takes at this scale:
    /// the tier-up of a fresh process is not what idle viewers cost), the idle window starts once no method was
    /// compiled for this long (at most <see cref="MaxSettle"/> in all).
    /// </summary>
    private static readonly TimeSpan JitQuiet = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan MaxSettle = TimeSpan.FromSeconds(45);

    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var options = bench.Options;
        var section = new Section($"fanout-{bench.StorageName}", $"Fan-out ({bench.StorageName}): idle viewers, then {options.FanOutDeltasPerSecond} deltas/s for {options.FanOutLiveSeconds} s");
        foreach (var viewers in options.FanOutSteps)
        {
            await using var blazar = await bench.StartBlazarAsync();
            var rate = options.FanOutDeltasPerSecond;
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var script = Script.Create(Math.Max(2, (int)(rate * options.FanOutLiveSeconds)), 40, stamped: true);
            bench.Fake.Plan = new StreamPlan(script, rate, gate.Task, Task.CompletedTask);
            // A first report warms the server's code paths, so the step measures viewers, not JIT.
            await WarmUpAsync(bench, blazar);
            bench.Fake.Plan = new StreamPlan(script, rate, gate.Task, Task.CompletedTask);
            var id = await blazar.CreateReportAsync($"fan-out {viewers}");
            var idle = await blazar.StatsAsync(collect: true, decommit: true);
            var connecting = Stopwatch.StartNew();
            await using var swarm = ViewerSwarm.Start(bench.Viewers, Enumerable.Repeat(blazar.Events(id), viewers), StreamKind.Blazar, connectingAtOnce: 100);
            if (!await swarm.AllConnectedAsync(TimeSpan.FromSeconds(30 + viewers / 50.0)))
            {
                gate.TrySetResult();
                section.Fail($"{viewers} viewers: {swarm.Viewers.Count(v => v.FirstChunk.IsCompleted && v.Failure is null)} connected ({swarm.FirstFailure ?? "timeout"})");
                continue;
            }
            var connectSeconds = connecting.Elapsed.TotalSeconds;
            var settled = await SettleAsync(blazar, TimeSpan.FromSeconds(options.FanOutSettleSeconds)); // the connection storm's own work (late compiles, a GC) is not the idle viewers' cost
            var quietStart = await blazar.StatsAsync();
            var quiet = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(options.FanOutIdleSeconds));
            var quietEnd = await blazar.StatsAsync();
            var idleCpu = (quietEnd.CpuMilliseconds - quietStart.CpuMilliseconds) / quiet.Elapsed.TotalMilliseconds * 100;
            var held = await blazar.StatsAsync(collect: true, decommit: true);

            var live = Stopwatch.StartNew();
            var viewersCpu = Process.GetCurrentProcess().TotalProcessorTime;
            gate.SetResult();
            var ended = await swarm.AllEndedAsync(TimeSpan.FromSeconds(options.FanOutLiveSeconds + 60));
            var liveEnd = await blazar.StatsAsync();
            var liveCpu = (liveEnd.CpuMilliseconds - held.CpuMilliseconds) / live.Elapsed.TotalMilliseconds * 100;
            var liveViewersCpu = (Process.GetCurrentProcess().TotalProcessorTime - viewersCpu).TotalMilliseconds / live.Elapsed.TotalMilliseconds * 100;
            var latency = Percentiles.Of(swarm.Latencies());
            var behind = swarm.Viewers.Count(v => !v.Ended || v.Latencies.Count == 0 || v.Latencies.Max() > Behind.TotalMicroseconds);
            if (!ended || swarm.Failed > 0)
                section.Fail($"{viewers} viewers: {viewers - swarm.Ended} did not reach the end ({swarm.FirstFailure ?? "timeout"})");
            section.Add(new()
            {
                ["viewers"] = viewers,
                ["connect s"] = connectSeconds,
                ["KiB/viewer (working set)"] = (held.WorkingSet - idle.WorkingSet) / 1024.0 / viewers,
                ["KiB/viewer (GC heap)"] = (held.GcHeap - idle.GcHeap) / 1024.0 / viewers,
                ["KiB/viewer (GC committed)"] = (held.GcCommitted - idle.GcCommitted) / 1024.0 / viewers,
                ["server MiB"] = held.WorkingSet / 1024.0 / 1024.0,
                ["threads"] = held.Threads,
                ["settle s"] = settled.TotalSeconds,
                ["idle CPU %"] = idleCpu,
                ["live CPU %"] = liveCpu,
                ["viewers' CPU %"] = liveViewersCpu,
                ["events/s out"] = viewers * rate,
                ["live p50 ms"] = latency.P50Ms,
                ["live p99 ms"] = latency.P99Ms,
                ["live max ms"] = latency.MaxMs,
                ["behind"] = behind,
            });
        }
        section.Notes.Add($"Memory per viewer: the server's working set (and managed heap) after a full GC with all viewers connected and idle, minus the same before they connected, divided by the viewers. CPU: server CPU time ÷ wall time (100 % = one core of 2); idle CPU is measured over a window starting at least {options.FanOutSettleSeconds:0} s after the last viewer connected (one round of pings), once the server has compiled no method for {JitQuiet.TotalSeconds:0} s (settle s) (heartbeat timers and pings only; a window of {options.FanOutIdleSeconds:0} s holds about {options.FanOutIdleSeconds / 13.5:0.#} rounds of pings, one every 13–14 s). Memory is read after a full, aggressive GC, which also gives back the free space the GC keeps committed.");
        section.Notes.Add($"Behind: a viewer that received some delta more than {Behind.TotalSeconds:0} s after the fake model wrote it, or never reached the end. The viewers run in the benchmark process on the same 2 cores (viewers' CPU %: that process while the report streams), so at high counts they compete with the server.");
        return section;
    }

    /// <summary>Waits <paramref name="settle"/>, then until the server's JIT has been quiet for <see cref="JitQuiet"/>; returns how long it waited.</summary>
    private static async Task<TimeSpan> SettleAsync(Serve.BlazarProcess blazar, TimeSpan settle)
    {
        var waited = Stopwatch.StartNew();
        await Task.Delay(settle);
        var compiled = (await blazar.StatsAsync()).JitMethods;
        while (waited.Elapsed < MaxSettle)
        {
            await Task.Delay(JitQuiet);
            var now = (await blazar.StatsAsync()).JitMethods;
            if (now == compiled)
                break;
            compiled = now;
        }
        return waited.Elapsed;
    }

    private static async Task WarmUpAsync(BenchContext bench, Serve.BlazarProcess blazar)
    {
        bench.Fake.Plan = StreamPlan.Open(Script.Create(20, 40, stamped: true), 0);
        var id = await blazar.CreateReportAsync("warm-up");
        await using var swarm = ViewerSwarm.Start(bench.Viewers, Enumerable.Repeat(blazar.Events(id), 10), StreamKind.Blazar);
        await swarm.AllEndedAsync(TimeSpan.FromSeconds(30));
    }
}
