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
    /// Writes the broadcast from where the viewer joined until the broadcast ends, the viewer falls behind, or it goes
    /// away; returns where the text it has been sent ends (<paramref name="position"/> when it joined).
    /// </summary>
    public async Task<int> FollowAsync(int position, int version, ViewerOutput output, string reportId, BlazarMetrics? metrics, CancellationToken cancellationToken)
    {
        using var leaving = cancellationToken.UnsafeRegister(static state => ((BroadcastViewer)state!).Pulse(), this);
        var relay = metrics?.RelayOf(reportId);
        BlazarMetrics.RelaySample? measured = null;
        while (true)
        {
            var cursor = Cursor;
            var from = position;
            var written = 0;
            var over = false;
            while (written < FlushEvery && cursor.Next is { } next)
            {
                if (next.Kind == FrameKind.Leave || next.Offset > position)
                {
                    over = true; // ended, or a gap the log must fill: the viewer's feed goes on from here
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
}
