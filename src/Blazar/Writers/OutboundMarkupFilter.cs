using System.Collections.Frozen;
using System.Net;
using System.Text;

namespace Blazar.Writers;

/// <summary>
/// Removes, as the text streams, the markup through which a report could reach out of its frame, so the live text
/// and the stored one are the same document:
/// <list type="bullet">
/// <item>elements that make a browser connect and have no place in a document (Chromium opens a TCP connection
/// for <c>&lt;iframe src&gt;</c> even under <c>default-src 'none'</c>): their tags are dropped, their content kept;</item>
/// <item><c>&lt;meta http-equiv&gt;</c> (a header pretending to be markup: refresh, DNS prefetching);</item>
/// <item>link targets: every <c>&lt;a&gt;</c> and <c>&lt;area&gt;</c> gets <c>target=_blank rel=noreferrer</c>
/// (a new tab without an opener), or <c>target=_self</c> when it points into the document. They are written first,
/// and the first of two attributes with one name is the one a browser keeps.</item>
/// </list>
/// Every <c>&lt;</c> is examined wherever it stands (in text, attribute values, comments, style), so no context can
/// hide a tag; only a tag name is skipped whole, as a browser reads <c>&lt;x&lt;iframe&gt;</c> as one tag named
/// <c>x&lt;iframe</c>. A tag is held back only while it might still be one of these.
/// </summary>
internal sealed class OutboundMarkupFilter
{
    private static readonly FrozenSet<string> DroppedElements = FrozenSet.Create(StringComparer.Ordinal,
        "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe", "link", "base");

    private static readonly FrozenSet<string> LinkElements = FrozenSet.Create(StringComparer.Ordinal, "a", "area");

    // Unquoted, so that they cannot close a quote should a browser read this tag as text inside an attribute value.
    private const string OutboundTarget = " target=_blank rel=noreferrer";
    private const string InDocumentTarget = " target=_self";

    /// <summary>A watched tag longer than this is not waited for: its '&lt;' is shown as text (no sane tag is this long).</summary>
    public const int MaxHeldTag = 8192;

    private readonly StringBuilder _held = new();
    private bool _awaitingTagEnd;
    private bool _inName;
    private char _last;

    /// <param name="shownBefore">The text already shown, when continuing a document.</param>
    public OutboundMarkupFilter(string shownBefore = "") => _last = shownBefore.Length > 0 ? shownBefore[^1] : '\0';

    /// <summary>Takes the next piece of the document; returns what can be shown now.</summary>
    public string Push(string text)
    {
        // A tag can only end with a '>': until one comes, the held tag just grows (and is not read again).
        if (_awaitingTagEnd && !text.Contains('>', StringComparison.Ordinal) && _held.Length + text.Length <= MaxHeldTag)
        {
            _held.Append(text);
            return "";
        }
        var input = _held.Append(text).ToString();
        _held.Clear();
        _awaitingTagEnd = false;
        var output = new StringBuilder(input.Length + 32);
        var i = 0;
        if (_inName)
        {
            i = HtmlTag.EndOfName(input, 0);
            Emit(output, input, 0, i);
            _inName = i == input.Length;
        }
        while (i < input.Length)
        {
            // A '<' already shown must not open a tag with what comes after something removed, or after a break.
            if (_last == '<' && char.IsAsciiLetter(input[i]))
                Emit(output, " ");
            var open = input.IndexOf('<', i);
            if (open < 0)
            {
                Emit(output, input, i, input.Length);
                break;
            }
            Emit(output, input, i, open);
            i = Examine(input, open, output);
            if (i < 0)
            {
                _held.Append(input, open, input.Length - open);
                break;
            }
        }
        return output.ToString();
    }

    /// <summary>The document has ended: a lone <c>&lt;</c> is text; an unfinished tag is dropped, as a browser drops it.</summary>
    public string Flush()
    {
        var held = _held.ToString();
        var rest = held is "<" or "</" ? held : "";
        _held.Clear();
        _awaitingTagEnd = false;
        _inName = false;
        if (rest.Length > 0)
            _last = rest[^1];
        return rest;
    }

    /// <summary>Forgets what was held back (the stream broke; what follows continues from the text shown).</summary>
    public void DropPending()
    {
        _held.Clear();
        _awaitingTagEnd = false;
    }

    /// <summary>Handles the '&lt;' at <paramref name="open"/>; returns where to go on, or -1 to wait for more text.</summary>
    private int Examine(string input, int open, StringBuilder output)
    {
        var isEnd = open + 1 < input.Length && input[open + 1] == '/';
        var nameStart = open + (isEnd ? 2 : 1);
        if (nameStart >= input.Length)
            return -1;
        if (!char.IsAsciiLetter(input[nameStart]))
        {
            Emit(output, input, open, open + 1);
            return open + 1;
        }
        var nameEnd = HtmlTag.EndOfName(input, nameStart);
        var name = input[nameStart..nameEnd].ToLowerInvariant();
        if (nameEnd == input.Length)
        {
            if (MayBecomeWatched(name, isEnd))
                return -1;
            Emit(output, input, open, nameEnd);
            _inName = true;
            return nameEnd;
        }
        if (!IsWatched(name, isEnd))
        {
            Emit(output, input, open, nameEnd);
            return nameEnd;
        }
        if (HtmlTag.Read(input, open) is not { } tag)
        {
            if (input.Length - open < MaxHeldTag)
            {
                _awaitingTagEnd = true;
                return -1;
            }
            Emit(output, "&lt;");
            return open + 1;
        }
        if (DroppedElements.Contains(tag.Name) || (tag.Name == "meta" && tag["http-equiv"] is not null))
            return tag.End;

        // A kept tag's attributes are examined like any other text: a browser may not read them as attributes.
        Emit(output, input, open, nameEnd);
        if (!isEnd && LinkElements.Contains(tag.Name))
        {
            Emit(output, PointsIntoDocument(tag) ? InDocumentTarget : OutboundTarget);
            if (input[nameEnd] == '/')
                Emit(output, " "); // an unquoted value would take the slash
        }
        return nameEnd;
    }

    private static bool IsWatched(string name, bool isEnd) =>
        DroppedElements.Contains(name) || (!isEnd && (name == "meta" || LinkElements.Contains(name)));

    private static bool MayBecomeWatched(string name, bool isEnd) =>
        DroppedElements.Any(n => n.StartsWith(name, StringComparison.Ordinal))
        || (!isEnd && ("meta".StartsWith(name, StringComparison.Ordinal) || LinkElements.Any(n => n.StartsWith(name, StringComparison.Ordinal))));

    /// <summary>A link to a fragment of this document (SVG links may say <c>xlink:href</c>).</summary>
    private static bool PointsIntoDocument(HtmlTag tag) =>
        (tag["href"] ?? tag["xlink:href"]) is { } href && WebUtility.HtmlDecode(href).TrimStart(' ', '\t', '\n', '\f', '\r').StartsWith('#');

    private void Emit(StringBuilder output, string text, int from, int to)
    {
        if (to <= from)
            return;
        output.Append(text, from, to - from);
        _last = text[to - 1];
    }

    private void Emit(StringBuilder output, string text)
    {
        output.Append(text);
        _last = text[^1];
    }
}
