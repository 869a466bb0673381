namespace Blazar.Writers;

/// <summary>
/// Cleans a model's output as it streams, so viewers never see what is not the document: a leading markdown
/// code fence or chatter before <c>&lt;!doctype</c>, and a closing fence or chatter after the document; and,
/// within the document, the markup through which it could reach out (<see cref="OutboundMarkupFilter"/>).
/// Text is held back only while it might still turn out to be one of those. A fragment (one revised section) starts
/// at its <c>&lt;section&gt;</c> or <c>&lt;h2&gt;</c> and ends with its <c>&lt;/section&gt;</c>.
/// </summary>
internal sealed class HtmlOutputFilter
{
    private const string Fence = "```";

    /// <summary>How much text may arrive before the document starts before the filter stops waiting for a doctype.</summary>
    private const int LeadLimit = 2048;

    private readonly OutboundMarkupFilter _markup;
    private readonly bool _fragment;
    private readonly string _end;
    private string _pending = "";
    private bool _inDocument;
    private bool _ended;
    private bool _discarding;

    /// <param name="shown">The text already shown when continuing a document that has started (nothing to strip at the front).</param>
    /// <param name="fragment">True for one section rather than a whole document.</param>
    public HtmlOutputFilter(string shown = "", bool fragment = false)
    {
        _fragment = fragment;
        _end = fragment ? "</section>" : "</html>";
        _inDocument = shown.Length > 0;
        _markup = new OutboundMarkupFilter(shown);
    }

    /// <summary>True once <c>&lt;/html&gt;</c> (a fragment's <c>&lt;/section&gt;</c>) has been shown: it is complete, whatever the model says next.</summary>
    public bool DocumentEnded => _ended;

    /// <summary>Takes the next piece of model output; returns what can be shown now.</summary>
    public string Push(string delta)
    {
        if (_ended)
            return AfterDocument(delta);
        if (delta.Length == 0)
            return "";
        _pending += delta;
        if (!_inDocument)
        {
            var start = DocumentStart(_pending);
            if (start < 0 && _pending.Length <= LeadLimit)
                return "";
            _pending = start >= 0 ? _pending[start..] : WithoutOpeningFence(_pending);
            _inDocument = true;
        }
        return Release(final: false);
    }

    /// <summary>The output has ended: returns what was still held back, minus a closing fence and chatter.</summary>
    public string Flush()
    {
        if (_ended)
            return "";
        if (!_inDocument)
        {
            var start = DocumentStart(_pending);
            _pending = start >= 0 ? _pending[start..] : WithoutOpeningFence(_pending);
            _inDocument = true;
        }
        return Release(final: true);
    }

    /// <summary>After <c>&lt;/html&gt;</c> only white space passes, up to the first thing that is not (a fence, chatter).</summary>
    private string AfterDocument(string delta)
    {
        if (_discarding)
            return "";
        var whitespace = 0;
        while (whitespace < delta.Length && char.IsWhiteSpace(delta[whitespace]))
            whitespace++;
        _discarding = whitespace < delta.Length;
        return delta[..whitespace];
    }

    /// <summary>Forgets text held back (the stream broke; whatever follows is written again from the text already shown).</summary>
    public void DropPending()
    {
        _pending = "";
        _markup.DropPending();
    }

    private string Release(bool final)
    {
        var end = _pending.IndexOf(_end, StringComparison.OrdinalIgnoreCase);
        if (end >= 0)
        {
            var document = _pending[..(end + _end.Length)];
            var after = _pending[(end + _end.Length)..];
            _pending = "";
            _ended = true;
            return _markup.Push(document) + _markup.Flush() + AfterDocument(after);
        }
        var hold = HoldFrom(_pending, _end, final);
        var ready = _markup.Push(_pending[..hold]);
        _pending = _pending[hold..];
        if (!final)
            return ready;
        _pending = "";
        return ready + _markup.Flush();
    }

    /// <summary>
    /// Where the text that must wait begins: a fence with no markup after it (a closing fence, maybe with chatter),
    /// or a tail that could be the start of a fence or of <c>&lt;/html&gt;</c>. At the end, a fence with no markup
    /// after it is dropped with what follows it.
    /// </summary>
    private static int HoldFrom(string text, string documentEnd, bool final)
    {
        var fence = text.LastIndexOf(Fence, StringComparison.Ordinal);
        if (fence >= 0 && text.IndexOf('<', fence) < 0)
        {
            var before = fence;
            while (before > 0 && text[before - 1] == '`')
                before--;
            return before;
        }
        if (final)
            return text.Length;
        for (var length = Math.Min(documentEnd.Length - 1, text.Length); length > 0; length--)
        {
            var tail = text.AsSpan(text.Length - length);
            if (documentEnd.AsSpan(0, length).Equals(tail, StringComparison.OrdinalIgnoreCase) || Fence.AsSpan().StartsWith(tail))
                return text.Length - length;
        }
        return text.Length;
    }

    private int DocumentStart(string text)
    {
        if (_fragment)
        {
            var section = text.IndexOf("<section", StringComparison.OrdinalIgnoreCase);
            var heading = text.IndexOf("<h2", StringComparison.OrdinalIgnoreCase);
            return section < 0 ? heading : heading < 0 ? section : Math.Min(section, heading);
        }
        var doctype = text.IndexOf("<!doctype", StringComparison.OrdinalIgnoreCase);
        var html = text.IndexOf("<html", StringComparison.OrdinalIgnoreCase);
        return doctype < 0 ? html : html < 0 ? doctype : Math.Min(doctype, html);
    }

    private static string WithoutOpeningFence(string text)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith(Fence, StringComparison.Ordinal))
            return text;
        var newline = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? "" : trimmed[(newline + 1)..];
    }
}
