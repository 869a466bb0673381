using System.Globalization;
using System.Text;

namespace Blazar.Bench.Fake;

/// <summary>
/// What the fake model writes: a header delta sent at once (so every viewer can be seen to be connected),
/// then the body deltas, paced and released by a gate. Stamped deltas start with a marker holding the
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp of the moment the fake wrote them, which viewers
/// parse back out to measure latency. On Linux that clock is CLOCK_MONOTONIC, shared by every process.
/// </summary>
internal sealed record Script(string Header, IReadOnlyList<string> Body, bool Stamped)
{
    public const string EndMarkup = "<p id=\"bench-end\">end</p></body></html>";
    private const string MarkerStart = "<!--t:";
    private const string MarkerEnd = "-->";
    private const int TicksDigits = 19;

    /// <summary>Length of a stamp: the text is the same length whatever the time.</summary>
    public const int StampLength = 6 + TicksDigits + 3;

    private static readonly string[] Words =
        "relay viewer chunk stream report latency replay render token model server kestrel socket frame paint".Split(' ');

    public int Length => Header.Length + Body.Sum(d => d.Length);

    /// <summary>The text as written, with stamps left as placeholders (for unstamped scripts: exactly the text).</summary>
    public string Text => Header + string.Concat(Body);

    /// <summary>
    /// <paramref name="deltas"/> body deltas of <paramref name="charsPerDelta"/> characters (the last one closes the document).
    /// </summary>
    public static Script Create(int deltas, int charsPerDelta, bool stamped)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(deltas, 1);
        var header = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Bench report</title></head><body><h1>Bench report</h1>\n";
        var body = new List<string>(deltas);
        var word = 0;
        for (var i = 0; i < deltas - 1; i++)
        {
            var text = new StringBuilder(charsPerDelta);
            if (stamped)
                text.Append(Placeholder);
            if (i % 20 == 0)
                text.Append("<p>");
            while (text.Length < charsPerDelta)
                text.Append(Words[word++ % Words.Length]).Append(' ');
            text.Length = Math.Max(charsPerDelta, stamped ? StampLength + 1 : 1);
            if (i % 20 == 19)
                text.Append("</p>\n");
            body.Add(text.ToString());
        }
        body.Add(EndMarkup);
        return new Script(header, body, stamped);
    }

    private static readonly string Placeholder = MarkerStart + new string('0', TicksDigits) + MarkerEnd;

    /// <summary>The delta with its stamp set to <paramref name="timestamp"/>.</summary>
    public static string Stamp(string delta, long timestamp)
    {
        if (!delta.StartsWith(Placeholder, StringComparison.Ordinal))
            return delta;
        return string.Concat(MarkerStart, timestamp.ToString("D19", CultureInfo.InvariantCulture), MarkerEnd, delta.AsSpan(StampLength));
    }

    /// <summary>Calls <paramref name="found"/> with every stamp in <paramref name="text"/>.</summary>
    public static void ReadStamps(ReadOnlySpan<char> text, Action<long> found)
    {
        while (true)
        {
            var at = text.IndexOf(MarkerStart, StringComparison.Ordinal);
            if (at < 0 || at + StampLength > text.Length)
                return;
            var digits = text.Slice(at + MarkerStart.Length, TicksDigits);
            if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0)
                found(ticks);
            text = text[(at + StampLength)..];
        }
    }
}
