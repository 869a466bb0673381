using System.Globalization;
using Blazar.Reports;

namespace Blazar.Writers.Offline;

/// <summary>The offline writer's words: plain prose assembled from what the spec says, never invented figures.</summary>
internal static class OfflineProse
{
    public static IEnumerable<string> Section(Spec spec, string section, int index, int count)
    {
        var topic = spec.Title;
        var audience = spec.Audience ?? "its readers";
        var tone = spec.Tone is { } t ? $"a {t.ToLowerInvariant()}" : "a plain";
        if (index == 0)
        {
            yield return $"This report covers {topic}. {(spec.Summary is { } s ? Sentence(s) + " " : "")}It is written for {audience} in {tone} voice, and it is organised in {count} parts, of which “{section}” is the first.";
            if (spec.Instructions is { } brief)
                yield return $"The brief behind it reads: “{Clip(brief, 600)}” Everything below follows from that brief and from the material supplied with it.";
            yield return $"In short: {Lower(section)} sets out what matters most about {topic} and why, so that {audience} can read the remaining sections with the main line of argument already in view.";
            yield break;
        }
        if (index == count - 1 && count > 1)
        {
            yield return $"“{section}” closes the report. It draws together what the earlier sections found about {topic} and turns it into steps that {audience} can take, in order of how much each is likely to matter.";
            yield return $"Each step is stated so that someone can own it, with a way to tell whether it worked. Where the material supplied could not settle a question, the step is to find out, not to guess.";
            yield return $"Taken together, these steps answer the question the report began with{(spec.Summary is { } s2 ? $": {Lower(Sentence(s2))}" : ".")}";
            yield break;
        }
        yield return $"This section, “{section}”, looks at {topic} from one angle: what {Lower(section)} shows, what it leaves open, and what follows from it for {audience}.";
        yield return $"Three questions frame it. What is the current picture? What has changed, and why? What would have to be true for the picture to change again? The answers below stay close to the material supplied{(spec.Data is null ? "" : ", including the data pasted with the brief")}.";
        if (spec.Instructions is { } instructions)
            yield return $"Read against the brief (“{Clip(instructions, 160)}”), {Lower(section)} matters because it is where the evidence is most direct and where a decision can most easily be tested.";
        yield return $"The section ends with the points worth carrying forward into the rest of the report.";
    }

    public static IEnumerable<string> Points(Spec spec, string section, int index) =>
    [
        $"{section}: the main observation, stated plainly for {spec.Audience ?? "the reader"}.",
        $"What it means for {spec.Title}, and how confident the evidence allows us to be.",
        index == 0 ? "How the rest of the report builds on this starting point." : "What to watch next, and what would change this view.",
    ];

    public static IEnumerable<string> DataFacts(CsvTable table, IReadOnlyList<int> numeric)
    {
        yield return $"The data supplied has {table.Rows.Count} rows and {table.Header.Count} columns ({string.Join(", ", table.Header)}). It is shown in full below, followed by a chart of each numeric column.";
        var labelColumn = Enumerable.Range(0, table.Header.Count).FirstOrDefault(c => !numeric.Contains(c), -1);
        foreach (var column in numeric.Take(3))
        {
            var values = table.Rows.Select((row, i) => (Label: labelColumn >= 0 ? row[labelColumn] : $"row {i + 1}", Value: CsvTable.TryNumber(row[column], out var v) ? v : 0)).ToList();
            var top = values.MaxBy(v => v.Value);
            var bottom = values.MinBy(v => v.Value);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{table.Header[column]} ranges from {bottom.Value:#,0.##} ({bottom.Label}) to {top.Value:#,0.##} ({top.Label}), with a total of {values.Sum(v => v.Value):#,0.##} and a mean of {values.Average(v => v.Value):#,0.##}.");
        }
    }

    private static string Sentence(string text) => text.TrimEnd().EndsWith('.') ? text.Trim() : text.Trim() + ".";

    private static string Lower(string text) => text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static string Clip(string text, int max) => text.Length <= max ? text.Trim() : text[..max].TrimEnd() + "…";
}
