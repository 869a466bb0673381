using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Blazar.Extensions;
using Blazar.Reports;

namespace Blazar.Streaming;

/// <summary>Turns feed events into SSE items and keeps idle streams alive.</summary>
internal static class SseEvents
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The heartbeat. The platform's formatter writes no comments, so it is an event named <c>ping</c> with
    /// empty data, which no page listens for: to a viewer it is as silent as a comment.
    /// </summary>
    public static readonly SseItem<string> Ping = new("", "ping");

    public static SseItem<string> Start(string reportId) =>
        Item("start", new { id = reportId, url = $"/r/{reportId}" });

    /// <summary>
    /// Chunk events already serialized, by the very delta string they carry: viewers that keep up share one slice
    /// of the log, so a chunk is serialized once per report instead of once per viewer.
    /// </summary>
    private static readonly ConditionalWeakTable<string, SerializedChunk> Serialized = [];

    public static SseItem<string> From(string reportId, FeedEvent e) => e switch
    {
        FeedEvent.Text t => Chunk(t),
        FeedEvent.Ping => Ping,
        FeedEvent.Reset r => Item("reset", new { length = r.Length, version = r.Version }, StreamPosition.Id(r.Version, r.Length)), // its id: a reconnect resumes from there
        FeedEvent.Ended { End.Status: ReportStatus.Done } d => Item("done", new { id = reportId, url = $"/r/{reportId}", length = d.Length, version = d.Version }),
        FeedEvent.Ended d => Item("error", new { message = d.End.Message ?? "The report stopped.", retryable = d.End.Retryable, status = d.End.Status, length = d.Length }),
        _ => Item("error", new { message = "This report was deleted (or never existed).", retryable = false, status = "gone" }),
    };

    private static SseItem<string> Chunk(FeedEvent.Text t)
    {
        if (Serialized.TryGetValue(t.Delta, out var done) && done.Offset == t.Offset && done.Progress == t.Progress && done.Version == t.Version)
            return done.Item;
        var item = ChunkItem(t.Delta, t.Offset, t.Progress, t.Version);
        Serialized.AddOrUpdate(t.Delta, new SerializedChunk(t.Offset, t.Progress, t.Version, item));
        return item;
    }

    /// <summary>A <c>chunk</c> event, serialized afresh (the broadcast serializes each chunk once by itself).</summary>
    public static SseItem<string> ChunkItem(string delta, int offset, int progress, int version) =>
        Item("chunk", new { delta, offset, length = offset + delta.Length, progress, version }, StreamPosition.Id(version, offset + delta.Length));

    private sealed record SerializedChunk(int Offset, int Progress, int Version, SseItem<string> Item);

    public static SseItem<string> Item<T>(string type, T data, string? id = null) =>
        new(JsonSerializer.Serialize(data, BlazarJson.Options), type) { EventId = id };

    /// <summary>Merges a ping into <paramref name="items"/> whenever they have been quiet for a while.</summary>
    public static async IAsyncEnumerable<SseItem<string>> WithHeartbeat(
        IAsyncEnumerable<SseItem<string>> items, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var merged = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(1) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var quiet = 0;
        _ = PumpAsync(items, merged.Writer, stop.Token);
        _ = PingAsync();
        try
        {
            // A ping first sends the headers at once, so the browser's EventSource opens before anything happens.
            yield return Ping;
            await foreach (var item in merged.Reader.ReadAllAsync(cancellationToken))
            {
                Volatile.Write(ref quiet, 0);
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        // Ticks at a third of the interval, so no silence lasts longer than the interval.
        async Task PingAsync()
        {
            using var timer = new PeriodicTimer(HeartbeatInterval / 3, time);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                    if (Interlocked.Increment(ref quiet) >= 2)
                        merged.Writer.TryWrite(Ping);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async Task PumpAsync(IAsyncEnumerable<SseItem<string>> items, ChannelWriter<SseItem<string>> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in items.WithCancellation(cancellationToken))
                await writer.WriteAsync(item, cancellationToken);
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            // The reader sees the failure (or the cancellation) where it reads.
            writer.TryComplete(ex);
        }
    }
}
