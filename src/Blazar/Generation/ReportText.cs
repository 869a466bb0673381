using System.Text;

namespace Blazar.Generation;

/// <summary>
/// The text of a report being written: appended to by its run, read whole by the save running beside it. The text is
/// kept as sealed segments plus a short open tail, so a read holds the lock only to copy the tail and the segments'
/// references, never the whole text: an append (the writer path) waits at most for that, however long the report.
/// </summary>
internal sealed class ReportText
{
    private const int SegmentChars = 4096;
    private readonly Lock _lock = new();
    private readonly List<string> _sealed = [];
    private readonly StringBuilder _tail = new(SegmentChars + 256);
    private int _length;

    public ReportText(string seed)
    {
        if (seed.Length > 0)
            _sealed.Add(seed);
        _length = seed.Length;
    }

    public int Length
    {
        get
        {
            lock (_lock)
                return _length;
        }
    }

    public void Append(string delta)
    {
        lock (_lock)
        {
            _tail.Append(delta);
            _length += delta.Length;
            if (_tail.Length >= SegmentChars)
            {
                _sealed.Add(_tail.ToString());
                _tail.Clear();
            }
        }
    }

    public override string ToString()
    {
        string[] pieces;
        lock (_lock)
        {
            pieces = new string[_sealed.Count + 1];
            _sealed.CopyTo(pieces);
            pieces[^1] = _tail.ToString();
        }
        return string.Concat(pieces);
    }
}
