using Blazar.Reports;

namespace Blazar.Generation;

/// <summary>
/// Estimates how far a report is, from the text written so far: the share of the spec's sections
/// already begun (each <c>&lt;h2</c> starts one) and the share of the expected length. Monotonic,
/// and it stays at 99 at most: only <c>done</c> is 100.
/// </summary>
internal sealed class ProgressEstimator
{
    private const int CharsPerSection = 2400;
    private const int FrameChars = 4000;
    private readonly int _sections;
    private readonly int _expectedLength;
    private int _progress;
    private int _h2Seen;
    private string _tail = "";
    private int _length;
    private bool _sawEnd;

    public ProgressEstimator(Spec spec, int start = 0)
    {
        _sections = spec.Sections.Count;
        // Pasted data comes back as tables; long instructions ask for more prose.
        _expectedLength = FrameChars + Math.Max(_sections, 3) * CharsPerSection
            + Math.Min(spec.Data?.Length ?? 0, 60_000) * 2 + Math.Min(spec.Instructions?.Length ?? 0, 4000) * 2;
        _progress = Math.Clamp(start, 0, 99);
    }

    public int Progress => _progress;

    /// <summary>Takes in the next delta of the text and returns the new progress.</summary>
    public int Update(string delta)
    {
        // Scan the delta with the tail of the text before it, so a tag split between deltas is still found.
        var window = _tail + delta;
        _h2Seen += Count(window, "<h2", _tail.Length);
        _sawEnd |= Count(window, "</html>", _tail.Length) > 0;
        _tail = window.Length > 6 ? window[^6..] : window;
        _length += delta.Length;

        var byLength = Math.Min(1.0, (double)_length / _expectedLength);
        double share;
        if (_sections > 0)
        {
            // A section that has begun counts as half written until the next one begins.
            var bySections = Math.Min(1.0, Math.Max(0, _h2Seen - 0.5) / _sections);
            share = 0.65 * bySections + 0.35 * byLength;
        }
        else
        {
            share = byLength;
        }
        if (_sawEnd)
            share = 1;
        var estimate = (int)(3 + 96 * share);
        return _progress = Math.Clamp(Math.Max(_progress, estimate), 0, 99);
    }

    /// <summary>Occurrences of <paramref name="tag"/> in <paramref name="window"/> that end past <paramref name="oldPart"/>.</summary>
    private static int Count(string window, string tag, int oldPart)
    {
        var count = 0;
        for (var i = window.IndexOf(tag, StringComparison.OrdinalIgnoreCase); i >= 0; i = window.IndexOf(tag, i + 1, StringComparison.OrdinalIgnoreCase))
            if (i + tag.Length > oldPart)
                count++;
        return count;
    }
}
