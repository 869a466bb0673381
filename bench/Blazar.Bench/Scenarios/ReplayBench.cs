using Blazar.Bench.Fake;
using Blazar.Bench.Reporting;
using Blazar.Bench.Viewers;

namespace Blazar.Bench.Scenarios;

/// <summary>
/// Late-join replay: a viewer connecting to a report already 200 KB long, served from the in-process
/// chunk log while it is still being written, and from the SQLite store after a restart.
/// </summary>
internal static class ReplayBench
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var options = bench.Options;
        var script = Script.Create(options.ReplayDeltas, 50, stamped: false);
        var section = new Section("replay", $"Late-join replay of a {script.Length / 1000.0:0} KB report ({script.Body.Count + 1} deltas), {options.ReplayRepeats} viewers one after another");
        var folder = bench.NewDataFolder();
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string id;
        await using (var blazar = await bench.StartBlazarAsync(folder))
        {
            // The model writes the whole text as fast as it can, then holds the stream open: the report is generating.
            bench.Fake.Plan = new StreamPlan(script, 0, Task.CompletedTask, finish.Task);
            id = await blazar.CreateReportAsync("replay");
            var writer = await FollowAsync(bench, blazar.Events(id), script.Length, TimeSpan.FromSeconds(60));
            if (writer.Length < script.Length)
                section.Fail($"the report never reached {script.Length} characters ({writer.Length})");
            section.Add(await MeasureAsync(bench, blazar.Events(id), script, "in-process chunk log (generating)", section));
            finish.SetResult();
            if (!await blazar.AllDoneAsync([id], TimeSpan.FromSeconds(30)))
                section.Fail("the report did not finish");
        }
        // A restart empties the in-process log, so every viewer is served from the SQLite file.
        await using (var restarted = await bench.StartBlazarAsync(folder))
            section.Add(await MeasureAsync(bench, restarted.Events(id), script, "SQLite store (done, after restart)", section));
        section.Notes.Add("Time: from sending the request to holding the whole text (loopback, one viewer at a time, first one discarded as warm-up); events: SSE chunk events used to carry it.");
        return section;
    }

    private static async Task<Dictionary<string, object?>> MeasureAsync(BenchContext bench, Uri events, Script script, string source, Section section)
    {
        var times = new List<int>();
        var eventCounts = new List<int>();
        for (var i = 0; i <= bench.Options.ReplayRepeats; i++)
        {
            var viewer = await FollowAsync(bench, events, script.Length, TimeSpan.FromSeconds(30));
            if (viewer.Text != script.Text)
            {
                section.Fail($"{source}: the replayed text differs from what the model wrote ({viewer.Length} of {script.Length} characters)");
                break;
            }
            if (i == 0)
                continue;
            times.Add((int)((viewer.ReachedAt - viewer.StartedAt) * 1_000_000 / System.Diagnostics.Stopwatch.Frequency));
            eventCounts.Add(viewer.Events);
        }
        var time = Percentiles.Of([.. times]);
        return new()
        {
            ["source"] = source,
            ["chars"] = script.Length,
            ["p50 ms"] = time.P50Ms,
            ["p99 ms"] = time.P99Ms,
            ["max ms"] = time.MaxMs,
            ["events"] = eventCounts.Count > 0 ? eventCounts.Max() : 0,
        };
    }

    /// <summary>One viewer from offset 0 until it holds <paramref name="length"/> characters.</summary>
    private static async Task<Viewers.Viewer> FollowAsync(BenchContext bench, Uri events, int length, TimeSpan timeout)
    {
        using var stop = new CancellationTokenSource(timeout);
        var viewer = Viewers.Viewer.Start(bench.Viewers, events, StreamKind.Blazar, keepText: true, null, stop.Token, stopAtLength: length);
        await viewer.Completion;
        return viewer;
    }
}
