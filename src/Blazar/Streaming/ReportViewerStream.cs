using System.Net.ServerSentEvents;
using Blazar.Telemetry;

namespace Blazar.Streaming;

/// <summary>
/// One viewer's report stream once it is authorized: its connection's output and the loop that writes the report's
/// feed to it, handing the viewer to the report's broadcast whenever it has caught up. Needs nothing of its request
/// but the connection, so it can outlive the request's services.
/// </summary>
internal sealed class ReportViewerStream(
    string reportId, ReportFeed feed, ReportBroadcasts broadcasts, BlazarMetrics? metrics, ViewerOutput output, CancellationToken aborted) : IDisposable
{
    private BroadcastViewer? _live;

    /// <summary>Sends the headers and <paramref name="opening"/>, so a browser's EventSource opens; false when the viewer has gone.</summary>
    public async ValueTask<bool> OpenAsync(SseItem<string> opening)
    {
        try
        {
            output.Write(SseFrames.Encode(opening));
            return await output.FlushAsync();
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Writes the report from <paramref name="from"/> until it ends or the viewer goes.</summary>
    public async Task FollowAsync(StreamPosition from)
    {
        try
        {
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
        finally
        {
            Dispose();
        }
    }

    public void Dispose() => output.Dispose();

    // Not async itself: a viewer the broadcast carries waits in one state machine, the broadcast viewer's, not two.
    private Task<int?> FollowBroadcastAsync(StreamPosition position, CancellationToken cancellationToken)
    {
        _live ??= new BroadcastViewer();
        return broadcasts.Join(reportId, position.Version, position.After, _live) is { } broadcast
            ? _live.FollowAsync(broadcast, position.After, position.Version, output, reportId, metrics, cancellationToken)
            : Task.FromResult<int?>(position.After); // further behind than the broadcast reaches: the feed reads the log first
    }
}
