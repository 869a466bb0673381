using System.Net;
using System.Text.RegularExpressions;

namespace Blazar.Storage;

/// <summary>The words of a report for the search index and its snippets: no markup, no styles, no control characters.</summary>
internal static partial class PlainText
{
    public static string FromHtml(string html)
    {
        var text = Invisible().Replace(html, " ");
        text = Tag().Replace(text, " ");
        text = WebUtility.HtmlDecode(text);
        return Clean(text.Length > StoreProvider.MaxIndexedChars ? text[..StoreProvider.MaxIndexedChars] : text);
    }

    /// <summary>Control characters (NUL included, which PostgreSQL's text refuses) become spaces, runs of space one.</summary>
    public static string Clean(string text) => Space().Replace(Control().Replace(text, " "), " ").Trim();

    /// <summary>The words of a query: letters and digits, at most 16 of them.</summary>
    public static IReadOnlyList<string> Words(string query) =>
        Word().Matches(query).Select(m => m.Value).Take(16).ToArray();

    [GeneratedRegex(@"<(script|style|svg|head|title)\b[^>]*>.*?</\1\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<[^>]*>?")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\p{Cc}")]
    private static partial Regex Control();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
