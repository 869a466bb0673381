namespace Blazar.Writers;

/// <summary>
/// Joins a continuation onto the text already written, so nothing is shown twice: drops the whitespace that was
/// shown but not sent back (a prefill must not end with whitespace), and for a user-turn continuation, the words
/// the model repeats from the end of what it had written.
/// </summary>
internal sealed class ContinuationJoin
{
    /// <summary>How much of a user-turn continuation is held back to look for a repeat of the tail.</summary>
    public const int Window = 512;

    /// <summary>The shortest repeat removed: shorter matches are too likely to be new text that happens to match.</summary>
    public const int MinOverlap = 5;

    private readonly string _sentBack;
    private readonly string _shownWhitespace;
    private readonly bool _mayRepeat;
    private string _held = "";
    private bool _joined;

    /// <param name="written">The text already shown.</param>
    /// <param name="mayRepeat">True for a user-turn continuation, where the model may start by repeating the tail.</param>
    public ContinuationJoin(string written, bool mayRepeat)
    {
        _sentBack = written.TrimEnd();
        _shownWhitespace = written[_sentBack.Length..];
        _mayRepeat = mayRepeat;
        _joined = _sentBack.Length == 0 && _shownWhitespace.Length == 0;
    }

    /// <summary>The text the model was given back: what was written, without trailing whitespace.</summary>
    public string SentBack => _sentBack;

    /// <summary>Takes the next piece of the continuation; returns what follows the text already shown.</summary>
    public string Push(string delta)
    {
        if (_joined)
            return delta;
        _held += delta;
        var needed = _mayRepeat ? Window : _shownWhitespace.Length + 1;
        return _held.Length < needed ? "" : Join();
    }

    /// <summary>The continuation has ended: returns what was held back, joined.</summary>
    public string Flush() => _joined ? "" : Join();

    /// <summary>
    /// The continuation broke while text was held back: returns it, joined, so what the model wrote is kept, unless
    /// all of it still repeats what was written (cut inside the repeat), which the next attempt writes anyway.
    /// </summary>
    public string FlushBroken()
    {
        if (_joined)
            return "";
        var body = _held.Trim();
        var tail = _sentBack.AsSpan(Math.Max(0, _sentBack.Length - Window));
        if (_mayRepeat && tail.IndexOf(body.AsSpan(), StringComparison.Ordinal) >= 0)
        {
            _held = "";
            return "";
        }
        return Join();
    }

    private string Join()
    {
        _joined = true;
        var rest = _mayRepeat ? WithoutRepeat(WithoutFence(_held)) : _held;
        _held = "";
        return rest.StartsWith(_shownWhitespace, StringComparison.Ordinal) ? rest[_shownWhitespace.Length..] : rest;
    }

    /// <summary>A model asked in a user turn sometimes wraps its answer in a code fence; the fence line goes.</summary>
    private static string WithoutFence(string text)
    {
        var body = text.TrimStart();
        if (!body.StartsWith("```", StringComparison.Ordinal))
            return text;
        var newline = body.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? "" : body[(newline + 1)..];
    }

    /// <summary>Removes the longest start of <paramref name="text"/> that repeats the end of what was sent back.</summary>
    private string WithoutRepeat(string text)
    {
        var body = text.TrimStart();
        for (var length = Math.Min(body.Length, _sentBack.Length); length >= MinOverlap; length--)
        {
            if (_sentBack.AsSpan(_sentBack.Length - length).SequenceEqual(body.AsSpan(0, length)))
                return body[length..];
        }
        return text;
    }
}
