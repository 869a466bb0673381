using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;

namespace Blazar.Streaming;

/// <summary>
/// SSE items as the bytes on the wire, framed by the platform's <see cref="SseFormatter"/> exactly as
/// <c>TypedResults.ServerSentEvents</c> frames them, so an event encoded once can be written to many viewers.
/// </summary>
internal static class SseFrames
{
    private static readonly Action<SseItem<string>, IBufferWriter<byte>> Data = static (item, writer) => Encoding.UTF8.GetBytes(item.Data, writer);

    /// <summary>The ping every report stream opens with and sends while quiet.</summary>
    public static readonly ReadOnlyMemory<byte> Ping = Encode(SseEvents.Ping);

    /// <summary>The UTF-8 frame of one event.</summary>
    public static byte[] Encode(SseItem<string> item)
    {
        using var buffer = new MemoryStream(64 + item.Data.Length * 3 / 2);
        // The formatter only ever writes to the stream it is given: over a MemoryStream it completes at once.
        var written = SseFormatter.WriteAsync(new[] { item }.ToAsyncEnumerable(), buffer, Data, CancellationToken.None);
        if (!written.IsCompletedSuccessfully)
            throw new InvalidOperationException("SSE framing did not complete synchronously.");
        return buffer.ToArray();
    }
}
