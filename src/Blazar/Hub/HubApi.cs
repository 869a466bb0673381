using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Blazar.Accounts;
using Blazar.Extensions;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;
using Blazar.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blazar.Hub;

/// <summary>
/// <c>GET /api/hub/events</c>: the manifest's changes as they happen, for the reports the caller may list (their
/// own and the team's; <c>?scope=mine</c>, or an admin's <c>?scope=all</c>). The feed carries every report; each
/// connection keeps what is in its scope, so nobody hears of a report they may not see.
/// </summary>
internal static class HubApi
{
    public static IEndpointRouteBuilder MapHub(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => Pages.File(context, "index.html"));
        app.MapGet("/api/hub/events", GetEvents);
        return app;
    }

    private static Results<ServerSentEventsResult<string>, ValidationProblem> GetEvents(
        string? scope, ClaimsPrincipal user, IHubFeed feed, IReportStore store, TimeProvider time, BlazarMetrics metrics, HttpContext context)
    {
        if (ReportAccess.Scope(user, scope) is not { } within)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["scope"] = ["scope is mine, team or (for admins) all."] });
        return SseResponse.WithHeartbeat(context, Events(feed, store, metrics, within, context.RequestAborted), time);
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(
        IHubFeed feed, IReportStore store, BlazarMetrics metrics, ReportScope scope, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var viewer = metrics.Viewer(hub: true);
        // The reports this connection has told of: one that leaves its scope (made private, say) is removed here.
        var told = new HashSet<string>(StringComparer.Ordinal);
        // Listen before reading the manifest, so nothing that happens in between is missed.
        var changes = feed.ListenAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var listening = changes.MoveNextAsync();
        try
        {
            // A hub that connects while reports are being written sees them at once.
            foreach (var entry in await store.ListActiveAsync(cancellationToken))
                if (scope.Includes(entry) && told.Add(entry.Id))
                    yield return Report(entry);
            while (await listening)
            {
                var message = changes.Current;
                listening = changes.MoveNextAsync();
                if (message.Report is { } entry)
                {
                    if (scope.Includes(entry))
                    {
                        told.Add(entry.Id);
                        yield return Report(entry);
                    }
                    else if (told.Remove(entry.Id) | (message.Before is { } before && scope.Includes(before)))
                    {
                        yield return Removed(entry.Id);
                    }
                }
                else if (message.RemovedId is { } id && (told.Remove(id) | (message.Before is { } before && scope.Includes(before))))
                {
                    yield return Removed(id);
                }
            }
        }
        finally
        {
            await changes.DisposeAsync();
        }
    }

    private static SseItem<string> Report(ReportEntry entry) => SseEvents.Item("report", entry);

    private static SseItem<string> Removed(string id) => SseEvents.Item("removed", new { id });
}
