using System.Diagnostics;
using Blazar.Bench.Reporting;
using Blazar.Bench.Serve;
using Blazar.FakeModel;
using Blazar.Bench.Viewers;

namespace Blazar.Bench.Scenarios;

/// <summary>
/// Generation throughput: many reports written at once at a model's pace, one viewer each, against the
/// shared fake model (Blazar.FakeModel). Every token it wrote must reach the viewer and the stored report
/// (chunks lost must be 0).
/// </summary>
internal static class GenerationBench
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var options = bench.Options;
        var rate = options.GenerationTokensPerSecond;
        const int charsPerToken = 5;
        // The shared fake's sample report, cut to end exactly at </html> (Blazar drops chatter after the document).
        var text = FakeModelServer.SampleReport((int)(rate * options.GenerationSeconds * charsPerToken)).TrimEnd();
        var tokens = Enumerable.Range(0, (text.Length + charsPerToken - 1) / charsPerToken)
            .Select(i => text.Substring(i * charsPerToken, Math.Min(charsPerToken, text.Length - i * charsPerToken))).ToList();
        var section = new Section("generation", $"Generation throughput: {options.Generations} reports at once, {rate} tokens/s each, {tokens.Count} tokens each");
        var pace = new FakeModelOptions { Script = _ => text, TokensPerSecond = 0, CharsPerToken = charsPerToken };
        await using var model = await FakeModelServer.StartAsync(pace);
        await using var blazar = await BlazarProcess.StartAsync(bench.NewDataFolder(), model.BaseUrl, options.ModelClient, bench.Settings);
        var warm = await blazar.CreateReportAsync("warm-up"); // at full speed, so the measured run finds the server warm
        await blazar.AllDoneAsync([warm], TimeSpan.FromSeconds(60));
        pace.TokensPerSecond = rate;

        var before = await blazar.StatsAsync(collect: true);
        await blazar.ResetPublishLagAsync();
        var clock = Stopwatch.StartNew();
        var ids = new List<string>();
        for (var i = 0; i < options.Generations; i++)
            ids.Add(await blazar.CreateReportAsync($"generation {i}"));
        await using var swarm = ViewerSwarm.Start(bench.Viewers, ids.Select(blazar.Events), StreamKind.Blazar, keepText: true);
        var peakWorkingSet = before.WorkingSet;
        var peakHeap = before.GcHeap;
        var ended = swarm.AllEndedAsync(TimeSpan.FromSeconds(options.GenerationSeconds + 120));
        while (!ended.IsCompleted)
        {
            var now = await blazar.StatsAsync();
            peakWorkingSet = Math.Max(peakWorkingSet, now.WorkingSet);
            peakHeap = Math.Max(peakHeap, now.GcHeap);
            await Task.WhenAny(ended, Task.Delay(500));
        }
        var wall = clock.Elapsed;
        var after = await blazar.StatsAsync();
        var publish = Percentiles.Of(await blazar.PublishLagAsync());
        if (!await ended)
            section.Fail($"{swarm.Viewers.Count - swarm.Ended} viewers did not reach the end ({swarm.FirstFailure ?? "timeout"})");
        var allDone = await blazar.AllDoneAsync(ids, TimeSpan.FromSeconds(30));
        if (!allDone)
            section.Fail("not every report finished");

        var lostByViewers = swarm.Viewers.Sum(v => Lost(tokens, v.Text));
        var lostInStore = 0;
        foreach (var id in ids)
            lostInStore += Lost(tokens, await blazar.StoredHtmlAsync(id));
        if (lostByViewers + lostInStore > 0)
            section.Fail($"chunks lost: {lostByViewers} on the way to viewers, {lostInStore} in the stored reports");
        section.Add(new()
        {
            ["reports"] = options.Generations,
            ["tokens/s each"] = rate,
            ["tokens written"] = tokens.Count * options.Generations,
            ["chunks lost (viewers)"] = lostByViewers,
            ["chunks lost (stored)"] = lostInStore,
            ["wall s"] = wall.TotalSeconds,
            ["ideal s"] = tokens.Count / rate,
            ["slowest report s"] = swarm.Viewers.Max(v => Stopwatch.GetElapsedTime(v.FirstAt, v.EndedAt).TotalSeconds),
            ["server CPU %"] = (after.CpuMilliseconds - before.CpuMilliseconds) / wall.TotalMilliseconds * 100,
            ["peak working set MiB"] = peakWorkingSet / 1024.0 / 1024.0,
            ["peak GC heap MiB"] = peakHeap / 1024.0 / 1024.0,
            ["working set growth MiB"] = (peakWorkingSet - before.WorkingSet) / 1024.0 / 1024.0,
            ["publish samples"] = publish.Count,
            ["publish p50 ms"] = publish.P50Ms,
            ["publish p99 ms"] = publish.P99Ms,
            ["publish max ms"] = publish.MaxMs,
        });
        section.Notes.Add("Publish: the writer path inside Blazar, from the moment the model's bytes carrying a delta arrived (read from the model's HTTP response) to its chunk appended to the log and published to its viewers (Blazar's blazar.chunks.publish.lag histogram, every delta of the measured run); with --model-client bench the bytes' arrival is not seen, and it starts when the writer hands the delta over.");
        section.Notes.Add("Chunks lost: the fake model's tokens (Blazar.FakeModel, Anthropic format, read by Blazar's own writer), in order, that are missing from a viewer's text (merged by offset) or from the stored report. Ideal: the time the model takes to write one report; slowest report: first chunk to `done` at its viewer, the longest of all; wall: from the first POST to the last `done`, including starting them one after another.");
        return section;
    }

    /// <summary>How many of the model's tokens are not found, in order, in <paramref name="received"/>.</summary>
    internal static int Lost(IReadOnlyList<string> tokens, string received)
    {
        var lost = 0;
        var at = 0;
        foreach (var delta in tokens)
        {
            if (string.CompareOrdinal(received, at, delta, 0, delta.Length) == 0)
                at += delta.Length;
            else
                lost++;
        }
        return lost;
    }
}
