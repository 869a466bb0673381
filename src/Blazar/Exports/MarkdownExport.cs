using System.Text;
using System.Text.RegularExpressions;

namespace Blazar.Exports;

/// <summary>
/// Writes a report outline as CommonMark with GitHub's pipe tables: ATX headings, paragraphs, nested bullet and
/// numbered lists, tables, links, emphasis, block quotations and fenced code. Text is escaped so it reads back
/// as the same words, never as markup.
/// </summary>
internal static partial class MarkdownExport
{
    public static string Write(IReadOnlyList<ReportBlock> blocks)
    {
        var md = new StringBuilder();
        foreach (var block in blocks.Where(b => b is not ChartBlock)) // a chart is its table here
        {
            if (md.Length > 0)
                md.Append('\n');
            switch (block)
            {
                case HeadingBlock heading:
                    md.Append('#', Math.Clamp(heading.Level, 1, 6)).Append(' ').Append(Inline(heading.Runs, breaks: false)).Append('\n');
                    break;
                case ParagraphBlock { Quote: true } quote:
                    md.Append("> ").Append(Inline(quote.Runs).Replace("\n", "\n> ", StringComparison.Ordinal)).Append('\n');
                    break;
                case ParagraphBlock paragraph:
                    md.Append(Inline(paragraph.Runs)).Append('\n');
                    break;
                case ListBlock list:
                    WriteList(md, list, "");
                    break;
                case TableBlock table:
                    WriteTable(md, table);
                    break;
                case CodeBlock code:
                    var fence = new string('`', Math.Max(3, LongestRun(code.Text, '`') + 1));
                    md.Append(fence).Append('\n').Append(code.Text).Append('\n').Append(fence).Append('\n');
                    break;
            }
        }
        return md.ToString();
    }

    private static void WriteList(StringBuilder md, ListBlock list, string indent)
    {
        for (var i = 0; i < list.Items.Count; i++)
        {
            var marker = list.Ordered ? $"{i + 1}. " : "- ";
            var inner = indent + new string(' ', marker.Length);
            var item = list.Items[i];
            md.Append(indent).Append(marker).Append(Inline(item.Runs).Replace("\n", "\n" + inner, StringComparison.Ordinal)).Append('\n');
            foreach (var child in item.Children)
                WriteList(md, child, inner);
        }
    }

    private static void WriteTable(StringBuilder md, TableBlock table)
    {
        var columns = table.Columns;
        if (columns == 0)
            return;
        var rows = table.Rows.ToList();
        var header = table.Header.Count > 0 ? table.Header : rows[0]; // a pipe table always has a header row
        if (table.Header.Count == 0)
            rows.RemoveAt(0);
        Row(header);
        md.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", columns))).Append('\n');
        foreach (var row in rows)
            Row(row);

        void Row(IReadOnlyList<IReadOnlyList<TextRun>> cells)
        {
            md.Append('|');
            for (var c = 0; c < columns; c++)
                md.Append(' ').Append(c < cells.Count ? Inline(cells[c], breaks: false) : "").Append(" |");
            md.Append('\n');
        }
    }

    /// <summary>Runs as Markdown: links grouped, emphasis around the words (never around their spaces).</summary>
    private static string Inline(IReadOnlyList<TextRun> runs, bool breaks = true)
    {
        var md = new StringBuilder();
        for (var i = 0; i < runs.Count;)
        {
            var href = runs[i].Href;
            var end = i;
            while (end < runs.Count && runs[end].Href == href)
                end++;
            var text = new StringBuilder();
            for (var r = i; r < end; r++)
                text.Append(Run(runs[r], breaks, atLineStart: breaks && md.Length + text.Length == 0)); // headings and cells start no block
            if (href is null)
                md.Append(text);
            else
                md.Append('[').Append(text.Length == 0 ? Escape(href, false) : text).Append("](").Append(Destination(href)).Append(')');
            i = end;
        }
        return md.ToString();
    }

    private static string Run(TextRun run, bool breaks, bool atLineStart)
    {
        if (run.IsBreak)
            return breaks ? "\\\n" : " ";
        var core = run.Text.Trim(' ');
        if (core.Length == 0)
            return run.Text;
        var lead = run.Text[..run.Text.IndexOf(core, StringComparison.Ordinal)];
        var trail = run.Text[(lead.Length + core.Length)..];
        string body;
        if (run.Code)
        {
            var ticks = new string('`', LongestRun(core, '`') + 1);
            body = core.StartsWith('`') || core.EndsWith('`') ? $"{ticks} {core} {ticks}" : ticks + core + ticks;
        }
        else
            body = Escape(core, atLineStart && lead.Length == 0);
        var mark = (run.Bold ? "**" : "") + (run.Italic ? "*" : "");
        return lead + mark + body + string.Concat(mark.Reverse()) + trail;
    }

    /// <summary>Backslash-escapes what Markdown would read as markup, and what would start a block at a line's start.</summary>
    private static string Escape(string text, bool atLineStart)
    {
        var escaped = Markup().Replace(text, @"\$0");
        escaped = Entity().Replace(escaped, @"\&");
        return atLineStart ? LineStart().Replace(escaped, m => m.Value[..^1] + "\\" + m.Value[^1]) : escaped;
    }

    private static string Destination(string href) =>
        href.Replace(" ", "%20", StringComparison.Ordinal).Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)
            .Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal);

    private static int LongestRun(string text, char c)
    {
        int longest = 0, current = 0;
        foreach (var ch in text)
            longest = Math.Max(longest, current = ch == c ? current + 1 : 0);
        return longest;
    }

    [GeneratedRegex(@"[\\`*_\[\]<>|~]")]
    private static partial Regex Markup();

    [GeneratedRegex(@"&(?=#?[A-Za-z0-9]+;)")]
    private static partial Regex Entity();

    // What opens a block at a line's start: "1. " or "1) " (a list), "# " (a heading), "- ", "+ " (a list or a rule), "=" or "-" runs (a setext underline).
    [GeneratedRegex(@"^(?:\d{1,9}[.)]|[#+\-=])(?=[ \t#=\-]|$)")]
    private static partial Regex LineStart();
}
