using System.Globalization;
using System.Text;

namespace Blazar.Bench.Reporting;

/// <summary>One measured part of the benchmark: a table of rows (column → value) and notes.</summary>
internal sealed class Section(string key, string title)
{
    public string Key { get; } = key;
    public string Title { get; } = title;
    public List<Dictionary<string, object?>> Rows { get; } = [];
    public List<string> Notes { get; } = [];

    /// <summary>False when a figure broke a rule it must keep (chunks lost, viewers that never finished).</summary>
    public bool Passed { get; set; } = true;

    public void Add(Dictionary<string, object?> row)
    {
        Rows.Add(row);
        Console.Error.WriteLine($"  {Key}: " + string.Join(", ", row.Select(c => $"{c.Key}={Format(c.Value)}")));
    }

    public void Fail(string why)
    {
        Passed = false;
        Notes.Add("FAILED: " + why);
        Console.Error.WriteLine($"  {Key}: FAILED: {why}");
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder().Append("### ").AppendLine(Title).AppendLine();
        if (Rows.Count > 0)
        {
            var columns = Rows.SelectMany(r => r.Keys).Distinct().ToList();
            text.Append("| ").AppendJoin(" | ", columns).AppendLine(" |");
            text.Append('|').AppendJoin("", columns.Select(_ => " --- |")).AppendLine();
            foreach (var row in Rows)
                text.Append("| ").AppendJoin(" | ", columns.Select(c => row.TryGetValue(c, out var v) ? Format(v) : "")).AppendLine(" |");
            text.AppendLine();
        }
        foreach (var note in Notes)
            text.Append("- ").AppendLine(note);
        return text.ToString();
    }

    public static string Format(object? value) => value switch
    {
        null => "–",
        double d when double.IsNaN(d) => "–",
        double d => d >= 100 ? d.ToString("0", CultureInfo.InvariantCulture) : d >= 10 ? d.ToString("0.0", CultureInfo.InvariantCulture) : d.ToString("0.00", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
