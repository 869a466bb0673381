using System.Net.ServerSentEvents;
using Blazar.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Blazar.Streaming;

/// <summary>SSE responses as every stream endpoint sends them: never buffered by a proxy, never cached.</summary>
internal static class SseResponse
{
    /// <summary>An SSE response with heartbeats merged in.</summary>
    public static ServerSentEventsResult<string> WithHeartbeat(HttpContext context, IAsyncEnumerable<SseItem<string>> items, TimeProvider time) =>
        Unbuffered(context, SseEvents.WithHeartbeat(items, time, context.RequestAborted));

    /// <summary>An SSE response whose items carry their own heartbeat. (Report streams write theirs with <see cref="ReportStreamResult"/>.)</summary>
    public static ServerSentEventsResult<string> Unbuffered(HttpContext context, IAsyncEnumerable<SseItem<string>> items)
    {
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        // HEAD gets the headers, and a stream that ends at once rather than one that runs with nobody reading it.
        return TypedResults.ServerSentEvents(HttpEdges.IsHead(context) ? AsyncEnumerable.Empty<SseItem<string>>() : DropWhenUnread(items, context));
    }

    /// <summary>
    /// Drops the viewer when the event it was handed is still not written after the slow-viewer timeout: the writer
    /// asks for the next event only once the last one is on its way, so one timer, armed at each hand-over, sees it.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> DropWhenUnread(IAsyncEnumerable<SseItem<string>> items, HttpContext context)
    {
        var services = context.RequestServices;
        var timeout = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<StreamingOptions>>().Value.SlowViewerTimeoutSeconds);
        using var timer = services.GetRequiredService<TimeProvider>().CreateTimer(
            static state => ((HttpContext)state!).Abort(), context, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await foreach (var item in items)
        {
            timer.Change(timeout, Timeout.InfiniteTimeSpan);
            yield return item;
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}
