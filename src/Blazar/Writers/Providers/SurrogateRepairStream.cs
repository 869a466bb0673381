namespace Blazar.Writers.Providers;

/// <summary>
/// A model's response as its SDK can parse it. A model may stream half an emoji: a lone surrogate, which the JSON
/// parsers of both SDKs refuse (the stream would break at the same place on every retry). Here it becomes U+FFFD
/// before they see it, at the same length: a lone <c>\uD83D</c> escape turns into <c>\ufffd</c>, a lone surrogate
/// in raw UTF-8 (<c>ED A0..BF xx</c>) into <c>EF BF BD</c>. A pair of escapes stays as it is. Bytes that may begin an
/// escape cut by the end of a read are held back until the next one, at most 12.
/// </summary>
internal sealed class SurrogateRepairStream(Stream inner) : Stream
{
    private const int Chunk = 16 * 1024;
    private const int MaxHeld = 12; // \uD83D\uDE00
    private readonly byte[] _data = new byte[Chunk + MaxHeld];
    private readonly byte[] _held = new byte[MaxHeld];
    private int _heldCount;
    private int _position;
    private int _length;
    private bool _ended;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_position == _length)
        {
            if (_ended)
                return 0;
            var start = Prepare();
            Filled(start, await inner.ReadAsync(_data.AsMemory(start, Chunk), cancellationToken));
        }
        return CopyTo(buffer.Span);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_position == _length)
        {
            if (_ended)
                return 0;
            var start = Prepare();
            Filled(start, inner.Read(_data, start, Chunk));
        }
        return CopyTo(buffer.AsSpan(offset, count));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Puts the held bytes first; returns where the next read goes.</summary>
    private int Prepare()
    {
        _held.AsSpan(0, _heldCount).CopyTo(_data);
        var start = _heldCount;
        _heldCount = 0;
        return start;
    }

    /// <summary>Repairs the held bytes and the <paramref name="read"/> new ones; holds back an unfinished escape at the end.</summary>
    private void Filled(int held, int read)
    {
        var count = held + read;
        _ended = read == 0;
        var safe = Repair(_data.AsSpan(0, count), final: _ended);
        _data.AsSpan(safe, count - safe).CopyTo(_held);
        _heldCount = count - safe;
        _position = 0;
        _length = safe;
    }

    private int CopyTo(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _length - _position);
        _data.AsSpan(_position, count).CopyTo(destination);
        _position += count;
        return count;
    }

    /// <summary>Repairs <paramref name="bytes"/> in place; returns how many are final (the rest may begin an escape).</summary>
    internal static int Repair(Span<byte> bytes, bool final)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            if (bytes[i] == 0xED)
            {
                if (i + 1 >= bytes.Length && !final)
                    return i;
                if (i + 1 < bytes.Length && bytes[i + 1] is >= 0xA0 and <= 0xBF)
                {
                    if (i + 3 > bytes.Length && !final)
                        return i;
                    var end = Math.Min(i + 3, bytes.Length);
                    "\uFFFD"u8[..(end - i)].CopyTo(bytes[i..end]);
                    i = end;
                    continue;
                }
                i++;
                continue;
            }
            if (bytes[i] != (byte)'\\')
            {
                i++;
                continue;
            }
            if (i + 1 >= bytes.Length)
                return final ? bytes.Length : i;
            if (bytes[i + 1] != (byte)'u')
            {
                i += 2; // another escape, \\ among them
                continue;
            }
            if (i + 6 > bytes.Length)
                return final ? bytes.Length : i;
            if (Hex(bytes.Slice(i + 2, 4)) is not { } unit)
            {
                i += 2;
                continue;
            }
            if (char.IsHighSurrogate((char)unit))
            {
                if (i + 12 > bytes.Length && !final)
                    return i;
                if (i + 12 <= bytes.Length && bytes[i + 6] == (byte)'\\' && bytes[i + 7] == (byte)'u'
                    && Hex(bytes.Slice(i + 8, 4)) is { } low && char.IsLowSurrogate((char)low))
                {
                    i += 12; // a whole pair
                    continue;
                }
                "\\ufffd"u8.CopyTo(bytes.Slice(i, 6));
            }
            else if (char.IsLowSurrogate((char)unit))
            {
                "\\ufffd"u8.CopyTo(bytes.Slice(i, 6));
            }
            i += 6;
        }
        return bytes.Length;
    }

    private static int? Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var d in digits)
        {
            var v = d switch
            {
                >= (byte)'0' and <= (byte)'9' => d - '0',
                >= (byte)'a' and <= (byte)'f' => d - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => d - 'A' + 10,
                _ => -1,
            };
            if (v < 0)
                return null;
            value = value * 16 + v;
        }
        return value;
    }
}
