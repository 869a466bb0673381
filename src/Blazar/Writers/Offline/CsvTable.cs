using System.Globalization;

namespace Blazar.Writers.Offline;

/// <summary>Pasted data read as a table: a header row and data rows (comma, semicolon or tab separated, RFC 4180 quotes).</summary>
internal sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    private const int MaxRows = 500;
    private static readonly char[] Separators = [',', '\t', ';'];

    /// <summary>The table in <paramref name="data"/>, or null when it does not look like one.</summary>
    public static CsvTable? TryParse(string? data)
    {
        if (string.IsNullOrWhiteSpace(data))
            return null;
        var lines = data.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count < 2)
            return null;
        var separator = Separators.MaxBy(c => lines[0].Count(x => x == c));
        var header = Split(lines[0], separator);
        if (header.Count < 2)
            return null;
        var rows = lines.Skip(1).Take(MaxRows).Select(l => Split(l, separator)).Where(r => r.Count == header.Count).ToList();
        return rows.Count == 0 ? null : new CsvTable(header, rows);
    }

    /// <summary>Columns whose every value is a number (currency signs, thousands separators and % allowed).</summary>
    public IReadOnlyList<int> NumericColumns() =>
        [.. Enumerable.Range(0, Header.Count).Where(c => Rows.All(r => TryNumber(r[c], out _)))];

    public static bool TryNumber(string text, out double value)
    {
        var cleaned = text.Trim().TrimStart('$', '€', '£').TrimEnd('%').Replace(",", "", StringComparison.Ordinal).Trim();
        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static List<string> Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString().Trim());
        return fields;
    }
}
