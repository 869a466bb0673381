using System.Net.ServerSentEvents;
using Blazar.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blazar.Streaming;

/// <summary>SSE responses as every stream endpoint sends them: never buffered by a proxy, never cached.</summary>
internal static class SseResponse
{
    /// <summary>An SSE response with heartbeats merged in.</summary>
    public static ServerSentEventsResult<string> WithHeartbeat(HttpContext context, IAsyncEnumerable<SseItem<string>> items, TimeProvider time) =>
        Unbuffered(context, SseEvents.WithHeartbeat(items, time, context.RequestAborted));

    /// <summary>
    /// An SSE response whose items carry their own heartbeat (report streams, the busiest: one per viewer).
    /// </summary>
    public static ServerSentEventsResult<string> Unbuffered(HttpContext context, IAsyncEnumerable<SseItem<string>> items)
    {
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        // HEAD gets the headers, and a stream that ends at once rather than one that runs with nobody reading it.
        return TypedResults.ServerSentEvents(HttpEdges.IsHead(context) ? AsyncEnumerable.Empty<SseItem<string>>() : items);
    }
}
