using System.Text;
using System.Text.RegularExpressions;
using Blazar.Writers.Offline;

namespace Blazar.Chat;

/// <summary>A chat message split into what the person wrote and the table they pasted into it, if any.</summary>
/// <param name="Prose">The words around the table (a lead-in such as "Here's our data:" dropped).</param>
/// <param name="Table">The pasted table as CSV (a markdown table is converted), or null.</param>
internal sealed record PastedText(string Prose, string? Table);

/// <summary>
/// Recognises data pasted into the chat where it is: a CSV, TSV or semicolon block, or a markdown table, alone or
/// inside a message, so it becomes the spec's <c>data</c> and prose stays prose. A block counts as a table when it has
/// a header and rows with the same number of cells and reads like one: short header cells, no sentence for a cell.
/// </summary>
internal static partial class PastedData
{
    private const int MaxHeaderCellWords = 5;
    private const int MaxCellWords = 12;

    public static PastedText Split(string? text)
    {
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var block = MarkdownTable(lines) ?? DelimitedBlock(lines);
        if (block is not var (start, end, csv))
            return new PastedText((text ?? "").Trim(), null);
        var prose = string.Join("\n", lines[..start].Concat(lines[end..])).Trim();
        if (prose.EndsWith(':') && !prose.Contains('\n', StringComparison.Ordinal) && prose.Length <= 120)
            prose = ""; // "Here's our data:" introduces the table and says nothing else
        return new PastedText(prose, csv);
    }

    /// <summary>The last table the user pasted, if any.</summary>
    public static string? LastTable(IEnumerable<ChatTurn> conversation) =>
        conversation.Where(t => t.Role == "user").Select(t => Split(t.Content).Table).LastOrDefault(t => t is not null);

    /// <summary>"12 rows × 3 columns: Month, Revenue, Churn" for the assistant to confirm what it took.</summary>
    public static string Describe(string csv)
    {
        var table = CsvTable.TryParse(csv);
        return table is null ? "" : $"{table.Rows.Count} rows × {table.Header.Count} columns: {string.Join(", ", table.Header)}";
    }

    private static (int Start, int End, string Csv)? MarkdownTable(string[] lines)
    {
        for (var start = 0; start + 2 < lines.Length; start++)
        {
            if (!lines[start].TrimStart().StartsWith('|') || !SeparatorRow().IsMatch(lines[start + 1]))
                continue;
            var end = start + 2;
            while (end < lines.Length && lines[end].TrimStart().StartsWith('|'))
                end++;
            var rows = lines[start..end].Where((_, i) => i != 1).Select(Cells).ToList();
            if (rows.Count < 2 || rows[0].Count < 2)
                continue;
            var csv = new StringBuilder();
            foreach (var row in rows)
                csv.AppendJoin(',', row.Select(Quote)).Append('\n');
            return (start, end, csv.ToString().TrimEnd());
        }
        return null;

        static List<string> Cells(string line) => [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];
    }

    private static (int Start, int End, string Csv)? DelimitedBlock(string[] lines)
    {
        (int Start, int End)? best = null;
        foreach (var separator in new[] { '\t', ',', ';' })
        {
            for (var start = 0; start < lines.Length; start++)
            {
                var count = Count(lines[start], separator);
                if (count == 0)
                    continue;
                var end = start + 1;
                while (end < lines.Length && lines[end].Trim().Length > 0 && Count(lines[end], separator) == count)
                    end++;
                if (end - start >= 2 && ReadsAsTable(lines[start..end], separator) && (best is null || end - start > best.Value.End - best.Value.Start))
                    best = (start, end);
                start = end - 1;
            }
        }
        return best is { } b ? (b.Start, b.End, string.Join("\n", lines[b.Start..b.End]).Trim()) : null;
    }

    private static bool ReadsAsTable(string[] block, char separator)
    {
        var table = CsvTable.TryParse(string.Join("\n", block));
        if (table is null || table.Header.Any(h => h.Trim().Length == 0 || Words(h) > MaxHeaderCellWords))
            return false;
        if (table.Rows.SelectMany(r => r).Any(cell => Words(cell) > MaxCellWords))
            return false;
        // One row of words alone ("We need a report on churn, for execs") is a sentence with commas; a number makes it data.
        return table.Rows.Count >= 2 || table.Rows[0].Any(cell => double.TryParse(cell.Trim().TrimEnd('%').TrimStart('$', '€', '£'), System.Globalization.CultureInfo.InvariantCulture, out _))
            || separator == '\t';
    }

    private static int Count(string line, char separator)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
                quoted = !quoted;
            else if (c == separator && !quoted)
                count++;
        }
        return count;
    }

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    [GeneratedRegex(@"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")]
    private static partial Regex SeparatorRow();
}
