using System.Net.ServerSentEvents;
using Blazar.Extensions;
using Blazar.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Blazar.Streaming;

/// <summary>
/// A report stream as one viewer's connection writes it (design §2, "The report stream"): <paramref name="opening"/>
/// at once, then the report's feed (replay, coalesced, from <paramref name="from"/>), and whenever the viewer has
/// caught up, the report's broadcast, until the viewer falls behind or the broadcast ends and the feed goes on.
/// One writer loop per connection, run from the <see cref="StreamLane"/> once the headers are out; never buffered by a
/// proxy, never cached.
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
        var stream = new ReportViewerStream(
            reportId,
            services.GetRequiredService<ReportFeed>(),
            services.GetRequiredService<ReportBroadcasts>(),
            services.GetService<BlazarMetrics>(),
            new ViewerOutput(context, TimeSpan.FromSeconds(services.GetRequiredService<IOptions<StreamingOptions>>().Value.SlowViewerTimeoutSeconds), services.GetRequiredService<TimeProvider>()),
            context.RequestAborted);
        // The headers and the opening event go out here, while every middleware (a renewed sign-in cookie's, say) is in place.
        if (!await stream.OpenAsync(opening))
        {
            stream.Dispose();
            return;
        }
        await StreamLane.HandOver(context, () => stream.FollowAsync(from));
    }
}
