using System.Diagnostics;
using Blazar.Bench.Reporting;
using Blazar.Bench.Serve;
using Blazar.Bench.Soak;

namespace Blazar.Bench.Scenarios;

/// <summary>
/// Load held (issue 15, item 7): many reports written at once by the offline writer, viewers spread over them,
/// and clients doing everything else at once, for a while. Rules: no 5xx, no chunk lost or repeated, every viewer's
/// text is the stored report, no report left queued or being written, and the server's memory comes back to where it
/// started once the load is gone.
/// </summary>
internal static class SoakBench
{
    /// <summary>How far above its start the working set may stay, after the load, a forced, aggressive collection and a trim of the native heap.</summary>
    public const double MemoryTolerance = 0.10;

    private const double SettledJitShare = 0.05;
    private const int MaxWarmUpRounds = 3;

    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var options = bench.Options;
        var viewersEach = Math.Max(1, options.SoakViewers / options.SoakGenerations);
        var section = new Section("soak", $"Soak: {options.SoakGenerations} reports written at once, {viewersEach * options.SoakGenerations} viewers over them, {options.SoakClients} other clients, for {options.SoakSeconds:0} s");
        // About 5 KB a report at this pace: each is written in a few seconds in the smoke, about 15 s otherwise.
        var pace = options.Mode == "smoke" ? 2000 : 400;
        await using var blazar = await BlazarProcess.StartAsync(bench.NewDataFolder(), bench.Fake.Address, "offline",
            ["Blazar:Writer=offline", $"Blazar:Offline:CharsPerSecond={pace}", .. bench.Settings]);
        using var http = blazar.NewSignedInClient(); // the soak starts, stops and deletes reports as their owner

        var (warmUpRounds, warmUpSeconds) = await WarmUpAsync(blazar, http, options, viewersEach);
        var before = await blazar.StatsAsync(collect: true, decommit: true, trimNative: true);

        var counters = new SoakCounters();
        var sampled = new List<int>();
        var peak = before.WorkingSet;
        var clock = Stopwatch.StartNew();
        var load = RunLoadAsync(blazar, http, counters, options.SoakGenerations, viewersEach, options.SoakClients, TimeSpan.FromSeconds(options.SoakSeconds), sampled);
        while (!load.IsCompleted)
        {
            peak = Math.Max(peak, (await blazar.StatsAsync()).WorkingSet);
            await Task.WhenAny(load, Task.Delay(1000));
        }
        var ended = await load;
        var wall = clock.Elapsed;
        var leftActive = await LeftActive.FindAsync(http, blazar.Address); // the warm-up's reports too

        // Memory after: the load gone, a forced collection, a few tries while the runtime gives memory back. The
        // collection is aggressive, before and after, so the GC also gives back the free regions it keeps committed
        // for its next allocations: how many it keeps varies from one collection to the next and is not a leak, while
        // a leak (objects still reachable, or native memory) stays in the working set either way.
        var after = await blazar.StatsAsync(collect: true, decommit: true, trimNative: true);
        // Up to 80 s: the in-process chunk log keeps an ended report's text for a minute, for viewers that come late,
        // so the reports that ended in the load's last minute are still held when it drains.
        for (var i = 0; i < 40 && after.WorkingSet > before.WorkingSet * (1 + MemoryTolerance); i++)
        {
            await Task.Delay(2000);
            after = await blazar.StatsAsync(collect: true, decommit: true, trimNative: true);
        }
        var growth = (double)after.WorkingSet / before.WorkingSet - 1;

        if (!ended)
            section.Fail("the load did not drain: some reports or viewers never finished");
        if (leftActive.Count > 0)
            section.Fail($"{leftActive.Count} reports were still queued or being written a minute after the load: {string.Join(", ", leftActive.Take(5))}");
        if (counters.ServerErrors > 0)
            section.Fail($"{counters.ServerErrors} answers were 5xx");
        if (counters.LostChunks + counters.RepeatedChunks > 0)
            section.Fail($"{counters.LostChunks} chunks lost and {counters.RepeatedChunks} repeated");
        if (counters.Mismatches > 0)
            section.Fail($"{counters.Mismatches} viewers hold a text that is not the stored report");
        if (counters.Verified == 0)
            section.Fail("no viewer's text was checked");
        if (growth > MemoryTolerance)
            section.Fail($"the working set stayed {growth:P0} above where it started after the load, a forced, aggressive collection and a trim of the native heap");
        foreach (var note in counters.Notes)
            section.Notes.Add("Broke a rule: " + note);

        section.Add(new()
        {
            ["seconds"] = wall.TotalSeconds,
            ["writing at once (mean)"] = sampled.Count > 0 ? sampled.Average() : 0,
            ["reports started"] = counters.Created,
            ["reports checked"] = counters.Done,
            ["viewers checked"] = counters.Verified,
            ["viewers on deleted reports"] = counters.DeletedBeforeCheck,
            ["continued after a stop"] = counters.ContinuedBySlots,
            ["requests"] = counters.Operations.Values.Sum(o => o.Requests),
            ["5xx"] = counters.ServerErrors,
            ["chunks lost"] = counters.LostChunks,
            ["chunks repeated"] = counters.RepeatedChunks,
            ["texts differing"] = counters.Mismatches,
            ["reconnects"] = counters.Reconnects,
            ["warm-up rounds"] = $"{warmUpRounds} of {warmUpSeconds:0} s",
            ["methods compiled during the load"] = after.JitMethods - before.JitMethods,
            ["working set before MiB"] = before.WorkingSet / 1048576.0,
            ["peak MiB"] = peak / 1048576.0,
            ["after MiB"] = after.WorkingSet / 1048576.0,
            ["after / before"] = (double)after.WorkingSet / before.WorkingSet,
            ["GC heap before / after MiB"] = $"{before.GcHeap / 1048576.0:0.0} / {after.GcHeap / 1048576.0:0.0}",
        });
        var operations = string.Join("; ", counters.Operations.OrderBy(o => o.Key).Select(o =>
        {
            var times = Percentiles.Of([.. o.Value.Micros]);
            return $"{o.Key} {o.Value.Requests}" + (times.Count > 0 ? $" (p50 {times.P50Ms:0.0} ms, p99 {times.P99Ms:0} ms)" : "") + (o.Value.ServerErrors > 0 ? $", {o.Value.ServerErrors} 5xx" : "");
        }));
        section.Notes.Add($"Requests by operation: {operations}.");
        section.Notes.Add($"The offline writer at {pace} characters/s per report; each report has {viewersEach} viewers, the first from its start, the others joining within its first seconds (replay, then the tail), following it across stops and continues with Last-Event-ID as the page does. Other clients: list (a page of 100, or the hub's 1,000), search, open (entry, page, stored text), stop, continue, delete, 50–250 ms apart. A viewer's text is checked against `/r/{{id}}/raw` once the report is done. Memory: working set after the warm-up and a forced, aggressive collection (which also gives back the free regions the GC keeps committed), against the same after the load has drained (retried for up to 80 s while the runtime returns memory and the chunk log lets go of the logs of reports that ended within its last minute).");
        return section;
    }

    /// <summary>
    /// Rounds of the same load until the runtime has compiled what it needs for it: a round that compiles fewer than
    /// <see cref="SettledJitShare"/> more methods. Until then the working set grows with the code the JIT writes (tiered
    /// compilation recompiles hot methods twice): about 15 % over the first three rounds of the smoke, later rounds under
    /// 2 %, then flat. Memory measured from there on grows only with what the load leaves behind.
    /// </summary>
    private static async Task<(int Rounds, double Seconds)> WarmUpAsync(BlazarProcess blazar, HttpClient http, BenchOptions options, int viewersEach)
    {
        var seconds = Math.Min(options.SoakSeconds, 15);
        var rounds = await blazar.RunUntilJitSettlesAsync(
            () => RunLoadAsync(blazar, http, new SoakCounters(), options.SoakGenerations, viewersEach, options.SoakClients, TimeSpan.FromSeconds(seconds)),
            SettledJitShare, MaxWarmUpRounds);
        return (rounds, seconds);
    }

    /// <summary>Runs the slots and the clients for <paramref name="duration"/>, then lets every slot finish its report; false if that took too long.</summary>
    private static async Task<bool> RunLoadAsync(BlazarProcess blazar, HttpClient http, SoakCounters counters, int generations, int viewersEach, int clients, TimeSpan duration, List<int>? sampled = null)
    {
        var reports = new SoakReports();
        using var stopStarting = new CancellationTokenSource(duration);
        using var abort = new CancellationTokenSource(duration + TimeSpan.FromMinutes(3));
        var slots = Enumerable.Range(0, generations)
            .Select(_ => new ReportSlot(http, blazar.Address, viewersEach, TimeSpan.FromSeconds(3), counters, reports).RunAsync(stopStarting.Token, abort.Token))
            .ToList();
        var others = Enumerable.Range(0, clients).Select(_ => new SoakClient(http, blazar.Address, counters, reports).RunAsync(stopStarting.Token)).ToList();
        var all = Task.WhenAll(slots.Concat(others));
        while (!all.IsCompleted)
        {
            if (!stopStarting.IsCancellationRequested)
                sampled?.Add(reports.Active.Count);
            await Task.WhenAny(all, Task.Delay(500));
        }
        try
        {
            await all;
            return true;
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Which reports never let their viewers finish, and in what state, for whoever reads the failure.
            foreach (var id in reports.Active.Keys.Take(5))
            {
                using var response = await http.GetAsync(new Uri(blazar.Address, $"/api/reports/{id}"));
                counters.Note($"report {id} never finished for its viewers: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            return false;
        }
    }
}
