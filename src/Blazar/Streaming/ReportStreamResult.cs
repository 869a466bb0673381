using System.Net.ServerSentEvents;
using Blazar.Extensions;
using Blazar.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Blazar.Streaming;

/// <summary>
/// A report stream as one viewer's connection writes it (design §2, "The report stream"): <paramref name="opening"/>
/// at once, then the report's feed (replay, coalesced, from <paramref name="after"/>), and whenever the viewer has
/// caught up, the report's broadcast, until the viewer falls behind or the broadcast ends and the feed goes on.
/// One writer loop per connection; never buffered by a proxy, never cached.
/// </summary>
internal sealed class ReportStreamResult(string reportId, StreamPosition from, SseItem<string> opening) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        if (HttpEdges.IsHead(context))
            return; // the headers, and a stream that ends at once rather than one that runs with nobody reading it

        var services = context.RequestServices;
        var feed = services.GetRequiredService<ReportFeed>();
        var broadcasts = services.GetRequiredService<ReportBroadcasts>();
        var metrics = services.GetService<BlazarMetrics>();
        var slowViewer = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<StreamingOptions>>().Value.SlowViewerTimeoutSeconds);
        using var output = new ViewerOutput(context, slowViewer, services.GetRequiredService<TimeProvider>());
        var aborted = context.RequestAborted;
        BroadcastViewer? live = null;

        // Not async itself: a viewer the broadcast carries waits in one state machine, the broadcast viewer's, not two.
        Task<int?> FollowBroadcastAsync(StreamPosition position, CancellationToken cancellationToken)
        {
            live ??= new BroadcastViewer();
            return broadcasts.Join(reportId, position.Version, position.After, live) is { } broadcast
                ? live.FollowAsync(broadcast, position.After, position.Version, output, reportId, metrics, cancellationToken)
                : Task.FromResult<int?>(position.After); // further behind than the broadcast reaches: the feed reads the log first
        }

        try
        {
            output.Write(SseFrames.Encode(opening)); // it sends the headers at once, so a browser's EventSource opens
            if (!await output.FlushAsync())
                return;
            await foreach (var e in feed.FollowAsync(reportId, from, FollowBroadcastAsync, aborted))
            {
                output.Write(SseFrames.Encode(SseEvents.From(reportId, e)));
                if (!await output.FlushAsync())
                    return;
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // the viewer went away (or was dropped for not reading)
        }
    }
}
