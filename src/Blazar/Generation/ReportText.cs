using System.Text;

namespace Blazar.Generation;

/// <summary>The text of a report being written: appended to by its run, read whole by the save running beside it.</summary>
internal sealed class ReportText(string seed)
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new(seed);

    public int Length
    {
        get
        {
            lock (_lock)
                return _text.Length;
        }
    }

    public void Append(string delta)
    {
        lock (_lock)
            _text.Append(delta);
    }

    public override string ToString()
    {
        lock (_lock)
            return _text.ToString();
    }
}
