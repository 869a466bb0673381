using System.Text;

namespace Blazar.Reports;

/// <summary>
/// Pasted data read as delimited records in one pass: comma, tab or semicolon separated (whichever the first
/// line has most of outside quotes), RFC 4180 quotes (a quoted field may hold separators, doubled quotes and
/// line breaks), blank lines skipped, fields trimmed. Linear in the length of the text.
/// </summary>
internal static class DelimitedText
{
    private static readonly char[] Separators = [',', '\t', ';'];

    /// <summary>The separator of <paramref name="text"/>: the one its first non-blank line has most of outside quotes.</summary>
    public static char DetectSeparator(string text)
    {
        Span<int> counts = stackalloc int[Separators.Length];
        var quoted = false;
        var seen = false;
        foreach (var c in text)
        {
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c is '\n' or '\r')
            {
                if (seen)
                    break;
            }
            else if (!quoted && Array.IndexOf(Separators, c) is >= 0 and var s)
                counts[s]++;
            seen |= !char.IsWhiteSpace(c);
        }
        var best = 0;
        for (var s = 1; s < Separators.Length; s++)
            if (counts[s] > counts[best])
                best = s;
        return Separators[best];
    }

    /// <summary>The records of <paramref name="text"/>, each a list of its fields; blank lines are left out.</summary>
    public static IEnumerable<List<string>> Records(string text, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i <= text.Length; i++)
        {
            var end = i == text.Length;
            var c = end ? '\n' : text[i];
            if (quoted && !end)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == separator)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
                quoted = false;
                if (fields is not [""])
                {
                    yield return fields;
                    fields = [];
                }
                else
                    fields.Clear();
            }
            else
                field.Append(c);
        }
    }

    /// <summary>How big the table in <paramref name="text"/> is, or null when it does not read as one (a header of two or more fields and a row).</summary>
    public static DataShape? Measure(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        int records = 0, widest = 0;
        long cells = 0;
        foreach (var record in Records(text, DetectSeparator(text)))
        {
            if (records == 0 && record.Count < 2)
                return null;
            if (records++ > 0)
                cells += record.Count;
            widest = Math.Max(widest, record.Count);
        }
        return records < 2 ? null : new DataShape(records - 1, widest, cells);
    }
}

/// <summary>A table's size: data rows and their fields (the header aside), and its widest record's fields.</summary>
internal readonly record struct DataShape(int Rows, int Columns, long Cells);
