using System.Net;
using System.Text.RegularExpressions;

namespace Blazar.Reports;

/// <summary>One <c>&lt;h2&gt;</c> section of a report: its heading as plain text and where it lies in the HTML, [Start, End).</summary>
public sealed record SectionSpan(string Heading, int Start, int End);

/// <summary>
/// A report's sections, found at its <c>&lt;h2&gt;</c> headings. A heading that opens a <c>&lt;section&gt;</c> element
/// makes that whole element the section; otherwise the section runs to the next heading or the end of the content.
/// Positions are in the stored HTML, so the text around a section can be kept exactly.
/// </summary>
public static partial class ReportSections
{
    /// <summary>Every section, in document order.</summary>
    public static IReadOnlyList<SectionSpan> Find(string html)
    {
        var headings = Heading().Matches(html);
        var sections = new List<SectionSpan>(headings.Count);
        for (var i = 0; i < headings.Count; i++)
        {
            var heading = headings[i];
            var next = i + 1 < headings.Count ? headings[i + 1].Index : html.Length;
            sections.Add(SpanOf(html, heading, next));
        }
        return sections;
    }

    /// <summary>The first section whose heading reads <paramref name="heading"/> (as plain text, spaces collapsed), or null.</summary>
    public static SectionSpan? Find(string html, string heading)
    {
        var wanted = PlainText(heading);
        return wanted.Length == 0 ? null : Find(html).FirstOrDefault(s => s.Heading == wanted);
    }

    /// <summary>Markup as the words a reader sees: no tags, styles or scripts, entities decoded, runs of space as one.</summary>
    public static string PlainText(string html)
    {
        var text = Invisible().Replace(html, " ");
        text = Tag().Replace(text, " ");
        return Space().Replace(WebUtility.HtmlDecode(text), " ").Trim();
    }

    private static SectionSpan SpanOf(string html, Match heading, int nextHeading)
    {
        var text = PlainText(heading.Groups["text"].Value);
        var opening = SectionOpen().Match(html, 0, heading.Index);
        if (opening.Success && html.AsSpan(opening.Index + opening.Length, heading.Index - opening.Index - opening.Length).IsWhiteSpace())
        {
            var close = MatchingClose(html, heading.Index + heading.Length);
            if (close > 0)
                return new SectionSpan(text, opening.Index, close);
        }
        var contentEnd = ContentEnd().Match(html, heading.Index + heading.Length);
        var end = contentEnd.Success ? Math.Min(contentEnd.Index, nextHeading) : nextHeading;
        return new SectionSpan(text, heading.Index, end);
    }

    /// <summary>Where the <c>&lt;section&gt;</c> open before <paramref name="from"/> closes (after its closing tag); -1 when it never does.</summary>
    private static int MatchingClose(string html, int from)
    {
        var depth = 1;
        for (var tag = SectionTag().Match(html, from); tag.Success; tag = tag.NextMatch())
        {
            depth += tag.Groups["close"].Success ? -1 : 1;
            if (depth == 0)
                return tag.Index + tag.Length;
        }
        return -1;
    }

    [GeneratedRegex(@"<h2\b[^>]*>(?<text>.*?)</h2\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Heading();

    // The last <section> opening tag before a heading (right to left, so the nearest one).
    [GeneratedRegex(@"<section\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.RightToLeft)]
    private static partial Regex SectionOpen();

    [GeneratedRegex(@"<(?<close>/)?section\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex SectionTag();

    [GeneratedRegex(@"</(section|main|article|body)\s*>|<footer\b", RegexOptions.IgnoreCase)]
    private static partial Regex ContentEnd();

    [GeneratedRegex(@"<(script|style|svg|head|title)\b[^>]*>.*?</\1\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<[^>]*>?")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
