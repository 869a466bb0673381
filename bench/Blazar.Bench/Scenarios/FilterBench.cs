using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Blazar.Bench.Reporting;
using Blazar.Reports;
using Blazar.Writers;
using Blazar.Writers.Offline;

namespace Blazar.Bench.Scenarios;

/// <summary>
/// What the writer's output filter (fences, chatter, and the markup that reaches out of a report's frame) costs per
/// delta, against serialising that delta once as a <c>chunk</c> event, work the server does for every delta anyway.
/// In process, one thread, no I/O.
/// </summary>
internal static class FilterBench
{
    private const int TargetLength = 200_000;

    public static Task<Section> RunAsync(BenchContext bench)
    {
        var repeats = bench.Options.Mode switch { "smoke" => 2, "quick" => 10, _ => 30 };
        var report = Report();
        var hostile = string.Concat(Enumerable.Repeat("<p><a title=\"" + new string('x', OutboundMarkupFilter.MaxHeldTag - 20) + "\" href=\"https://example.com\">x</a></p>", 8));
        var section = new Section("filter", $"Output filter: a {report.Length / 1000} KB report, {repeats} passes per case, one thread");
        section.Add(Measure("report, 4-char deltas", report, 4, repeats, section));
        section.Add(Measure("report, 32-char deltas", report, 32, repeats, section));
        section.Add(Measure($"hostile: {hostile.Length / 1000} KB of 8 KB attributes, 1-char deltas", hostile, 1, repeats, section));
        section.Notes.Add("Filter: HtmlOutputFilter.Push for every delta, then Flush, as the writer calls it. Baseline: System.Text.Json serialising each delta once as the chunk event's data ({delta, offset, length, progress}). Ratio: filter ÷ baseline, the lower the better; the minimum of the passes.");
        section.Notes.Add("The report is the offline writer's, repeated, with a link in every paragraph (links are held until their '>' and rewritten). The hostile case is the worst a model can do to it: watched tags held to the 8 KB limit, one character at a time.");
        return Task.FromResult(section);
    }

    private static Dictionary<string, object?> Measure(string name, string text, int deltaLength, int repeats, Section section)
    {
        var deltas = Enumerable.Range(0, (text.Length + deltaLength - 1) / deltaLength)
            .Select(i => text.Substring(i * deltaLength, Math.Min(deltaLength, text.Length - i * deltaLength))).ToArray();
        var filter = double.MaxValue;
        var baseline = double.MaxValue;
        var shown = 0;
        for (var pass = 0; pass <= repeats; pass++)
        {
            var clock = Stopwatch.StartNew();
            var output = new HtmlOutputFilter();
            var length = 0;
            foreach (var delta in deltas)
                length += output.Push(delta).Length;
            length += output.Flush().Length;
            var filtered = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            var offset = 0;
            var bytes = 0;
            foreach (var delta in deltas)
            {
                bytes += JsonSerializer.Serialize(new { delta, offset, length = offset + delta.Length, progress = 50 }).Length;
                offset += delta.Length;
            }
            var serialized = clock.Elapsed.TotalMilliseconds;
            if (pass == 0)
                continue; // warm-up
            filter = Math.Min(filter, filtered);
            baseline = Math.Min(baseline, serialized);
            shown = length;
        }
        if (shown < text.Length / 2)
            section.Fail($"{name}: the filter showed only {shown} of {text.Length} characters");
        return new()
        {
            ["case"] = name,
            ["deltas"] = deltas.Length,
            ["filter ms"] = filter,
            ["filter ns/delta"] = filter * 1_000_000 / deltas.Length,
            ["filter MB/s"] = text.Length / 1_000_000.0 / (filter / 1000),
            ["baseline ms"] = baseline,
            ["ratio"] = filter / baseline,
        };
    }

    private static string Report()
    {
        var spec = new Spec
        {
            Title = "Regional sales review",
            Summary = "How the regions did",
            Sections = ["Summary", "Regions", "Outlook", "Next steps"],
            Data = "region,revenue\nNorth,120\nSouth,95\nEast,140\nWest,80",
        };
        var one = OfflineReport.Render(spec, DateTimeOffset.UnixEpoch).Replace("</p>", " See <a href=\"https://example.com/source?id=42\">the source</a>.</p>", StringComparison.Ordinal);
        var body = one[(one.IndexOf("<body", StringComparison.Ordinal))..one.LastIndexOf("</body>", StringComparison.Ordinal)];
        var text = new StringBuilder(one[..one.LastIndexOf("</body>", StringComparison.Ordinal)]);
        while (text.Length < TargetLength)
            text.Append(body);
        return text.Append("</body></html>").ToString();
    }
}
