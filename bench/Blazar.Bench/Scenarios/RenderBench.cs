using System.Diagnostics;
using System.Text.Json;
using Blazar.Bench.Fake;
using Blazar.Bench.Reporting;
using Blazar.Bench.Serve;
using Microsoft.Playwright;

namespace Blazar.Bench.Scenarios;

/// <summary>
/// Browser rendering in headless Chromium: a live viewer page rendering a 200 KB report that arrives in
/// 4,000 chunks, against a naive page that re-sets the frame's srcdoc on every chunk, in the same run.
/// Main-thread cost comes from the DevTools protocol's Performance.getMetrics.
/// </summary>
internal static class RenderBench
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private const string FrameHasEnd = """
        () => {
          const frame = document.querySelector("[data-testid=viewer-frame]") || document.querySelector("iframe");
          let doc = null;
          try { doc = frame && frame.contentDocument; } catch { }
          return !!(doc && doc.getElementById("bench-end")) || !!document.getElementById("bench-end");
        }
        """;

    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var options = bench.Options;
        var script = Script.Create(options.RenderChunks, 50, stamped: false);
        var section = new Section("render", $"Browser rendering: a {script.Length / 1000.0:0} KB report in {script.Body.Count + 1} chunks at {options.RenderChunksPerSecond} chunks/s, headless Chromium");
        var live = LiveViewer(options.Viewer);
        await using var blazar = await bench.StartBlazarAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        var instrument = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "pages", "instrument.js"));
        // A first pass, not recorded, so neither page pays for the browser's and the server's warm-up.
        await MeasureAsync(bench, blazar, browser, instrument, "naive", Script.Create(50, 50, false), 500);
        foreach (var page in new[] { live, "naive" })
        {
            var measured = await MeasureAsync(bench, blazar, browser, instrument, page, script, options.RenderChunksPerSecond);
            if (measured.Failure is not null)
                section.Fail($"{page}: {measured.Failure}");
            section.Add(measured.Row);
        }
        var hub = await MeasureHubAsync(bench, blazar, browser, reports: options.HubReports, generating: options.HubGenerating);
        if (hub.Failure is not null)
            section.Fail($"hub: {hub.Failure}");
        section.Add(hub.Row);
        section.Notes.Add($"Hub: the hub page (/) with {options.HubReports} reports, {options.HubGenerating} of them being written at 20 deltas/s each (progress events at most ~4/s per report); main thread busy = the change in CDP TaskDuration over {HubWindow.TotalSeconds:0} s of wall time, once every node is shown (scripting: ScriptDuration over the same window). Its other columns do not apply.");
        section.Notes.Add("Scripting and task time: the change in CDP Performance.getMetrics ScriptDuration and TaskDuration (main thread, page and its same-origin frame) from the first chunk rendered to the last. First paint: from the first chunk event reaching the page's EventSource to the first animation frame in which the report frame has content.");
        section.Notes.Add(live == "real"
            ? "Live viewer: Blazar's own /r/{id} page (wwwroot/viewer.html)."
            : "Live viewer: the bench's copy of Blazar's approach (document.write into a sandbox=\"allow-same-origin\" frame, batched per animation frame), used while this build has no wwwroot/js/viewer.js; --viewer real measures Blazar's page.");
        return section;
    }

    /// <summary><c>real</c> when this build serves a live viewer page with its script, else the bench's copy.</summary>
    private static string LiveViewer(string option) => option switch
    {
        "real" or "copy" => option,
        _ => File.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot", "viewer.html"))
            && File.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot", "js", "viewer.js")) ? "real" : "copy",
    };

    private sealed record Measured(Dictionary<string, object?> Row, string? Failure);

    private static async Task<Measured> MeasureAsync(BenchContext bench, BlazarProcess blazar, IBrowser browser, string instrument, string kind, Script script, double rate)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bench.Fake.Plan = new StreamPlan(script, rate, gate.Task, Task.CompletedTask);
        var id = await blazar.CreateReportAsync($"render {kind}");
        var url = kind switch
        {
            "real" => new Uri(blazar.Address, $"/r/{id}"),
            "copy" => new Uri(blazar.Address, $"/bench/page/live.html?id={id}"),
            _ => new Uri(blazar.Address, $"/bench/page/naive.html?id={id}"),
        };
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        await context.AddInitScriptAsync(instrument);
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");
        await page.GotoAsync(url.ToString());
        var row = new Dictionary<string, object?> { ["viewer"] = kind == "naive" ? "naive (srcdoc per chunk)" : kind == "real" ? "Blazar live viewer" : "live viewer (bench copy)" };
        if (!await WaitAsync(page, "() => window.__bench && window.__bench.firstPaint > 0", TimeSpan.FromSeconds(30)))
        {
            gate.TrySetResult();
            return new Measured(row, "the first chunk never appeared in the frame");
        }
        var before = await MetricsAsync(cdp);
        var clock = Stopwatch.StartNew();
        gate.SetResult();
        var finished = await WaitAsync(page, FrameHasEnd, TimeSpan.FromSeconds(script.Body.Count / rate + 120));
        var complete = clock.Elapsed;
        var after = await MetricsAsync(cdp);
        var marks = await page.EvaluateAsync<JsonElement>("() => window.__bench");
        await blazar.AllDoneAsync([id], TimeSpan.FromSeconds(30));
        row["chunks seen"] = marks.GetProperty("chunks").GetInt32();
        row["first chunk → first paint ms"] = marks.GetProperty("firstPaint").GetDouble() - marks.GetProperty("firstChunk").GetDouble();
        row["scripting ms"] = (after["ScriptDuration"] - before["ScriptDuration"]) * 1000;
        row["task ms"] = (after["TaskDuration"] - before["TaskDuration"]) * 1000;
        row["layout ms"] = (after["LayoutDuration"] - before["LayoutDuration"]) * 1000;
        row["style ms"] = (after["RecalcStyleDuration"] - before["RecalcStyleDuration"]) * 1000;
        row["stream s"] = script.Body.Count / rate;
        row["last chunk rendered s"] = complete.TotalSeconds;
        row["JS heap MiB"] = after["JSHeapUsedSize"] / 1024 / 1024;
        return new Measured(row, finished ? null : "the end of the report never appeared in the frame");
    }

    private static readonly TimeSpan HubWindow = TimeSpan.FromSeconds(5);

    /// <summary>The hub with many reports, some of them being written: how busy its main thread is.</summary>
    private static async Task<Measured> MeasureHubAsync(BenchContext bench, BlazarProcess blazar, IBrowser browser, int reports, int generating)
    {
        var row = new Dictionary<string, object?> { ["viewer"] = $"hub: {reports} reports, {generating} writing" };
        bench.Fake.Plan = StreamPlan.Open(Script.Create(20, 50, stamped: false), 0);
        var finished = new List<string>();
        for (var i = 0; i < reports - generating; i++)
            finished.Add(await blazar.CreateReportAsync($"hub finished {i}"));
        if (!await blazar.AllDoneAsync(finished, TimeSpan.FromSeconds(120)))
            return new Measured(row, "the finished reports never finished");
        // Long enough to stay generating through the measurement.
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bench.Fake.Plan = new StreamPlan(Script.Create(4000, 50, stamped: false), 20, Task.CompletedTask, stop.Task);
        try
        {
            for (var i = 0; i < generating; i++)
                await blazar.CreateReportAsync($"hub writing {i}");
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
            // The hub lists what the signed-in person may see: the benchmark's admin, who owns every report.
            await context.AddCookiesAsync(blazar.SessionCookies.Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = blazar.Address.GetLeftPart(UriPartial.Authority) + "/" }));
            var page = await context.NewPageAsync();
            var cdp = await context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Performance.enable");
            await page.GotoAsync(new Uri(blazar.Address, "/").ToString());
            if (!await WaitAsync(page, $"() => document.querySelectorAll('[data-testid=report-node]').length >= {reports}", TimeSpan.FromSeconds(30)))
                return new Measured(row, "the hub never showed every report");
            await Task.Delay(TimeSpan.FromSeconds(1)); // past the first render
            var before = await MetricsAsync(cdp);
            var clock = Stopwatch.StartNew();
            await Task.Delay(HubWindow);
            var after = await MetricsAsync(cdp);
            var wall = clock.Elapsed.TotalMilliseconds;
            var writing = await page.EvaluateAsync<int>("() => document.querySelectorAll('[data-testid=report-node][data-status=generating]').length");
            row["chunks seen"] = writing;
            row["scripting ms"] = (after["ScriptDuration"] - before["ScriptDuration"]) * 1000;
            row["task ms"] = (after["TaskDuration"] - before["TaskDuration"]) * 1000;
            row["layout ms"] = (after["LayoutDuration"] - before["LayoutDuration"]) * 1000;
            row["style ms"] = (after["RecalcStyleDuration"] - before["RecalcStyleDuration"]) * 1000;
            row["main thread busy %"] = (after["TaskDuration"] - before["TaskDuration"]) * 1000 / wall * 100;
            row["JS heap MiB"] = after["JSHeapUsedSize"] / 1024 / 1024;
            return new Measured(row, writing == generating ? null : $"{writing} of {generating} reports shown as writing");
        }
        finally
        {
            stop.TrySetResult();
        }
    }

    private static async Task<bool> WaitAsync(IPage page, string condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await page.EvaluateAsync<bool>(condition))
                    return true;
            }
            catch (PlaywrightException)
            {
                // The page is navigating or its frame is being replaced; look again.
            }
            await Task.Delay(100);
        }
        return false;
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(ICDPSession cdp)
    {
        var reply = await cdp.SendAsync("Performance.getMetrics");
        return reply!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
    }
}
