using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;
using Blazar.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blazar.Hub;

/// <summary><c>GET /api/hub/events</c>: the manifest's changes as they happen.</summary>
internal static class HubApi
{
    public static IEndpointRouteBuilder MapHub(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hub/events", GetEvents);
        return app;
    }

    private static ServerSentEventsResult<string> GetEvents(IHubFeed feed, IReportStore store, TimeProvider time, BlazarMetrics metrics, HttpContext context) =>
        SseResponse.WithHeartbeat(context, Events(feed, store, metrics, context.RequestAborted), time);

    private static async IAsyncEnumerable<SseItem<string>> Events(IHubFeed feed, IReportStore store, BlazarMetrics metrics, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var viewer = metrics.Viewer(hub: true);
        // Listen before reading the manifest, so nothing that happens in between is missed.
        var changes = feed.ListenAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var listening = changes.MoveNextAsync();
        try
        {
            // A hub that connects while reports are being written sees them at once.
            foreach (var entry in await store.ListActiveAsync(cancellationToken))
                yield return Report(entry);
            while (await listening)
            {
                yield return changes.Current.Report is { } entry ? Report(entry) : SseEvents.Item("removed", new { id = changes.Current.RemovedId });
                listening = changes.MoveNextAsync();
            }
        }
        finally
        {
            await changes.DisposeAsync();
        }
    }

    private static SseItem<string> Report(ReportEntry entry) => SseEvents.Item("report", entry);
}
