namespace Blazar.Streaming;

/// <summary>
/// One event of a report's broadcast, framed and UTF-8 encoded once for every viewer. Frames form a list that each
/// viewer walks at its own pace: publishing links a frame to the end, and a viewer holds only where it is.
/// </summary>
internal sealed class BroadcastFrame
{
    private BroadcastFrame? _next;

    private BroadcastFrame(FrameKind kind, long index, int offset, int seq, string delta, int progress, ReadOnlyMemory<byte> bytes)
    {
        Kind = kind;
        Index = index;
        Offset = offset;
        Seq = seq;
        Delta = delta;
        Progress = progress;
        Bytes = bytes;
    }

    public FrameKind Kind { get; }

    /// <summary>Its place in the broadcast: 0 for the first, one more for each frame after.</summary>
    public long Index { get; }

    /// <summary>Where its text starts; for frames without text, where the text before them ends.</summary>
    public int Offset { get; }

    /// <summary>Where its text ends: a viewer that has written it holds the report up to here.</summary>
    public int Seq { get; }

    public string Delta { get; }

    public int Progress { get; }

    /// <summary>The event as it goes on the wire (nothing for <see cref="FrameKind.Start"/> and <see cref="FrameKind.Leave"/>).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The frame after this one, once published.</summary>
    public BroadcastFrame? Next => Volatile.Read(ref _next);

    /// <summary>Where a broadcast begins: the text a first viewer already holds ends at <paramref name="seq"/>.</summary>
    public static BroadcastFrame Start(int seq) => new(FrameKind.Start, 0, seq, seq, "", 0, ReadOnlyMemory<byte>.Empty);

    /// <summary>The chunk after this frame: <paramref name="delta"/> from <see cref="Seq"/>, and its event as encoded once.</summary>
    public BroadcastFrame Chunk(string delta, int progress, ReadOnlyMemory<byte> bytes) =>
        new(FrameKind.Chunk, Index + 1, Seq, Seq + delta.Length, delta, progress, bytes);

    public BroadcastFrame Ping() => new(FrameKind.Ping, Index + 1, Seq, Seq, "", 0, SseFrames.Ping);

    /// <summary>The broadcast is over: its viewers go on by themselves from where they are.</summary>
    public BroadcastFrame Leave() => new(FrameKind.Leave, Index + 1, Seq, Seq, "", 0, ReadOnlyMemory<byte>.Empty);

    /// <summary>Publishes <paramref name="next"/> after this frame (by the broadcast alone, under its lock).</summary>
    public void Link(BroadcastFrame next) => Volatile.Write(ref _next, next);
}

internal enum FrameKind
{
    Start,
    Chunk,
    Ping,
    Leave,
}
