using Blazar.Telemetry;

namespace Blazar.Streaming;

/// <summary>
/// One viewer in a report's broadcast: where it is in the frame list, and the loop that writes what has been
/// published since to its connection, as the same bytes every other viewer gets, flushing what has accumulated.
/// </summary>
internal sealed class BroadcastViewer
{
    /// <summary>The most a viewer writes before it flushes, so one that wakes far behind sends in steps.</summary>
    private const int FlushEvery = 64 * 1024;

    private readonly WakeSignal _signal = new();
    private BroadcastFrame _cursor = BroadcastFrame.Start(0);
    private volatile bool _behind;

    /// <summary>Its place in its broadcast's list of viewers (kept by the broadcast, under its lock).</summary>
    internal int Slot { get; set; }

    /// <summary>The last frame this viewer has taken.</summary>
    public BroadcastFrame Cursor => Volatile.Read(ref _cursor);

    /// <summary>Whether the broadcast found it too far behind: it leaves and catches up from the log.</summary>
    public bool Behind => _behind;

    internal void Place(BroadcastFrame cursor)
    {
        Volatile.Write(ref _cursor, cursor);
        _behind = false;
    }

    internal void MarkBehind() => _behind = true;

    /// <summary>Something was published (or the viewer is going): its writer looks.</summary>
    public void Pulse() => _signal.Pulse();

    /// <summary>
    /// Writes <paramref name="broadcast"/>, which the viewer has joined, until it ends, the viewer falls behind, or it
    /// goes away, then leaves it; returns where the text it has been sent ends (<paramref name="position"/> when it joined).
    /// </summary>
    public async Task<int?> FollowAsync(ReportBroadcast broadcast, int position, int version, ViewerOutput output, string reportId, BlazarMetrics? metrics, CancellationToken cancellationToken)
    {
        try
        {
            using var leaving = cancellationToken.UnsafeRegister(static state => ((BroadcastViewer)state!).Pulse(), this);
            var relay = metrics?.RelayOf(reportId);
            BlazarMetrics.RelaySample? measured = null;
            while (true)
            {
                var cursor = Cursor;
                var from = position;
                var written = WriteNew(ref cursor, ref position, version, output, out var over);
                Volatile.Write(ref _cursor, cursor);
                if (written > 0 && !await output.FlushAsync())
                    return position; // the connection is gone
                if (position > from)
                {
                    relay ??= metrics?.RelayOf(reportId);
                    if (relay is not null)
                        measured = metrics!.Relayed(relay, from, position, measured);
                }
                if (over || _behind)
                    return position;
                cancellationToken.ThrowIfCancellationRequested();
                if (cursor.Next is null)
                    await _signal.WaitAsync();
            }
        }
        finally
        {
            broadcast.Leave(this);
        }
    }

    /// <summary>
    /// Writes the frames after <paramref name="cursor"/>, up to <see cref="FlushEvery"/> bytes, moving it and
    /// <paramref name="position"/> on; <paramref name="over"/> when the viewer's feed must go on instead (the broadcast
    /// ended, or it has a gap the log must fill). Returns the bytes written.
    /// </summary>
    private static int WriteNew(ref BroadcastFrame cursor, ref int position, int version, ViewerOutput output, out bool over)
    {
        var written = 0;
        over = false;
        while (written < FlushEvery && cursor.Next is { } next)
        {
            if (next.Kind == FrameKind.Leave || next.Offset > position)
            {
                over = true;
                break;
            }
            if (next.Kind == FrameKind.Ping)
            {
                output.Write(next.Bytes.Span);
                written += next.Bytes.Length;
            }
            else if (next.Kind == FrameKind.Chunk && next.Seq > position)
            {
                // A viewer that joined inside a frame gets the rest of it framed for it alone (rare); every other gets the shared bytes.
                var bytes = next.Offset == position
                    ? next.Bytes
                    : SseFrames.Encode(SseEvents.ChunkItem(next.Delta[(position - next.Offset)..], position, next.Progress, version));
                output.Write(bytes.Span);
                written += bytes.Length;
                position = next.Seq;
            }
            cursor = next;
        }
        return written;
    }
}
