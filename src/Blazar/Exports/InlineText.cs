using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Blazar.Exports;

/// <summary>
/// The text of an element as runs: emphasis, code and links kept, white space collapsed as a browser would,
/// images as their alternative text, everything that is not text dropped.
/// </summary>
internal static partial class InlineText
{
    public static IReadOnlyList<TextRun> Of(IElement element)
    {
        var runs = new List<TextRun>();
        foreach (var node in element.ChildNodes)
            Read(node, runs);
        return Tidy(runs);
    }

    public static void Read(INode node, List<TextRun> runs) => Read(node, runs, new TextRun(""));

    private static void Read(INode node, List<TextRun> runs, TextRun style)
    {
        if (node is IText text)
        {
            runs.Add(style with { Text = Space().Replace(text.Data, " ") });
            return;
        }
        if (node is not IElement element || element.LocalName is "svg" or "math")
            return;
        switch (element.TagName)
        {
            case "SCRIPT" or "STYLE" or "TEMPLATE" or "NOSCRIPT" or "BUTTON" or "INPUT" or "SELECT" or "TEXTAREA" or "IFRAME" or "OBJECT" or "EMBED" or "CANVAS":
                return;
            case "BR":
                runs.Add(style with { Text = "\n" });
                return;
            case "IMG":
                if (element.GetAttribute("alt") is { Length: > 0 } alt)
                    runs.Add(style with { Text = alt });
                return;
            case "STRONG" or "B":
                style = style with { Bold = true };
                break;
            case "EM" or "I" or "CITE" or "DFN" or "VAR":
                style = style with { Italic = true };
                break;
            case "CODE" or "KBD" or "SAMP" or "TT":
                style = style with { Code = true };
                break;
            case "A" when LinkTarget(element.GetAttribute("href")) is { } href:
                style = style with { Href = href };
                break;
            case "P" or "DIV" or "LI" or "TR" or "TD" or "TH" or "DT" or "DD" or "SECTION" or "BLOCKQUOTE" or "PRE" or "FIGCAPTION" or "TABLE" or "UL" or "OL"
                or "H1" or "H2" or "H3" or "H4" or "H5" or "H6":
                runs.Add(new TextRun(" ")); // blocks inside a line are words apart
                foreach (var child in element.ChildNodes)
                    Read(child, runs, style);
                runs.Add(new TextRun(" "));
                return;
        }
        foreach (var child in element.ChildNodes)
            Read(child, runs, style);
    }

    /// <summary>Only addresses that lead somewhere outside the document stay links: http, https and mail.</summary>
    private static string? LinkTarget(string? href) =>
        Uri.TryCreate(href?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto" ? uri.AbsoluteUri : null;

    /// <summary>Runs with white space collapsed across their joins, trimmed at both ends, neighbours of one look merged.</summary>
    public static IReadOnlyList<TextRun> Tidy(List<TextRun> runs)
    {
        var tidy = new List<TextRun>(runs.Count);
        var afterSpace = true; // at the start, or after a space or a break: a space here is not shown
        foreach (var run in runs)
        {
            var text = run.IsBreak ? run.Text : afterSpace ? run.Text.TrimStart(' ') : run.Text;
            if (text.Length == 0)
                continue;
            if (run.IsBreak && tidy.Count > 0 && !tidy[^1].IsBreak)
                tidy[^1] = tidy[^1] with { Text = tidy[^1].Text.TrimEnd(' ') };
            afterSpace = run.IsBreak || text.EndsWith(' ');
            if (tidy.Count > 0 && !run.IsBreak && !tidy[^1].IsBreak && tidy[^1] with { Text = "" } == run with { Text = "" })
                tidy[^1] = tidy[^1] with { Text = tidy[^1].Text + text };
            else
                tidy.Add(run with { Text = text });
        }
        while (tidy.Count > 0 && (tidy[^1].IsBreak || tidy[^1].Text.TrimEnd(' ').Length == 0))
            tidy.RemoveAt(tidy.Count - 1);
        while (tidy.Count > 0 && tidy[0].IsBreak)
            tidy.RemoveAt(0);
        if (tidy.Count > 0)
            tidy[^1] = tidy[^1] with { Text = tidy[^1].Text.TrimEnd(' ') };
        return tidy;
    }

    [GeneratedRegex(@"[ \t\n\r\f]+")]
    private static partial Regex Space();
}
