using System.Runtime.CompilerServices;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Telemetry;

namespace Blazar.Streaming;

/// <summary>
/// Follows one report for one viewer: replays what was written after a sequence number (coalesced),
/// then the live tail, then how it ended. Reports whose log is gone are served from the store.
/// Once the viewer has caught up, the report's broadcast can carry it (see <see cref="ReportBroadcast"/>); when it
/// hands the viewer back (the log ended or changed, or the viewer fell behind) the feed goes on from there.
/// Its own heartbeat while it waits by itself: a wait that lasts a whole <see cref="SseEvents.HeartbeatInterval"/>
/// yields a ping.
/// </summary>
internal sealed class ReportFeed(IChunkLog log, IReportStore store, StoredTexts storedTexts, TimeProvider time, BlazarMetrics? metrics = null)
{
    /// <summary>
    /// The most text one event carries. A 200 KB report replays in about a dozen events, and a viewer that stops
    /// reading pins one event's worth, not the report (the server drops it once it has not read for a while).
    /// </summary>
    public const int MaxEventChars = 16 * 1024;

    private static readonly TimeSpan PollWhileQueuedElsewhere = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryWhileUnavailable = TimeSpan.FromMilliseconds(250);

    public IAsyncEnumerable<FeedEvent> FollowAsync(string reportId, int after, CancellationToken cancellationToken) =>
        FollowAsync(reportId, new StreamPosition(1, after), liveTail: null, cancellationToken);

    /// <summary>
    /// Follows the report's current version for a viewer at <paramref name="from"/>. A viewer that holds text of
    /// another version (a revision began since) is told to drop it (a reset to 0) and is sent the current version
    /// from its start. Whenever the viewer has caught up with the log, <paramref name="liveTail"/> is asked to carry it
    /// (the report's broadcast): it returns where the viewer's text ends once it hands the viewer back, or null when it
    /// could not take it (the feed then waits for more itself).
    /// </summary>
    public async IAsyncEnumerable<FeedEvent> FollowAsync(
        string reportId, StreamPosition from, Func<StreamPosition, CancellationToken, Task<int?>>? liveTail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (version, after) = from;
        using var viewer = metrics?.Viewer();
        var quietSince = time.GetTimestamp();
        int? resumedSeen = null;
        using var quiet = new QuietWatch(time, cancellationToken);
        BlazarMetrics.RelayClock? relay = null;
        BlazarMetrics.RelaySample? measured = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (time.GetElapsedTime(quietSince) >= SseEvents.HeartbeatInterval)
            {
                yield return new FeedEvent.Ping();
                quietSince = time.GetTimestamp();
            }
            LogSlice? slice;
            try
            {
                slice = await log.ReadAsync(reportId, after, MaxEventChars, cancellationToken);
            }
            catch (ChunkLogUnavailableException)
            {
                // The log is intact but not answering: the viewer keeps its place (and its heartbeat) and asks again.
                await Task.Delay(RetryWhileUnavailable, time, cancellationToken);
                continue;
            }
            if (slice is null)
            {
                var report = await store.GetAsync(reportId, cancellationToken);
                if (report is null)
                {
                    yield return new FeedEvent.Gone();
                    yield break;
                }
                if (report.Status.IsActive())
                {
                    // Active but without a log here: it is being opened (start-up, another instance). Look again soon.
                    await Task.Delay(PollWhileQueuedElsewhere, time, cancellationToken);
                    continue;
                }
                await foreach (var e in FromStoreAsync(report, new StreamPosition(version, after), cancellationToken))
                    yield return e;
                yield break;
            }

            if (slice.Version != version)
            {
                // The viewer holds another version's text (or nothing): the current version starts afresh.
                if (after > 0)
                    yield return new FeedEvent.Reset(0) { Version = slice.Version };
                (version, after, resumedSeen) = (slice.Version, 0, null);
                continue;
            }

            if (slice.ResumedAt is { } resumedAt && resumedAt != resumedSeen)
            {
                // A log resumed from a save: the viewer may hold text beyond it that the process before streamed but
                // never saved. Once per resumed log (a viewer that joined it later and reconnects is re-sent a little).
                resumedSeen = resumedAt;
                if (after > resumedAt)
                {
                    yield return new FeedEvent.Reset(resumedAt) { Version = version };
                    after = resumedAt;
                    continue;
                }
            }
            if (slice.Offset < after)
            {
                // The viewer holds more than the log: text written by an instance that died before saving it.
                yield return new FeedEvent.Reset(slice.Offset) { Version = version };
                after = slice.Offset;
            }
            if (slice.Text.Length > 0)
            {
                yield return new FeedEvent.Text(slice.Text, slice.Offset, slice.Progress) { Version = version };
                // Back here, the viewer's response has taken the text: if it covers the writer's latest sample, that is the relay lag.
                relay ??= metrics?.RelayOf(reportId);
                if (relay is not null)
                    measured = metrics!.Relayed(relay, slice.Offset, slice.Seq, measured);
                after = slice.Seq;
                quietSince = time.GetTimestamp();
            }
            if (slice.End is not null)
            {
                // A report is deleted before its run is stopped: a stop with no report behind it was a deletion.
                var deleted = slice.End.Status == ReportStatus.Cancelled && await store.GetAsync(reportId, cancellationToken) is null;
                yield return deleted ? new FeedEvent.Gone() : FeedEvent.FromEnd(slice.End, slice.Seq, version);
                yield break;
            }
            if (slice.Text.Length > 0)
                continue;
            slice = null; // what the viewer waits with, for as long as it waits, holds nothing of the log
            if (liveTail is not null && await liveTail(new StreamPosition(version, after), cancellationToken) is { } reached)
            {
                // Back from the broadcast (it ended, or the viewer fell behind): read the log from there.
                after = reached;
                quietSince = time.GetTimestamp();
                continue;
            }
            await WaitQuietlyAsync(reportId, after, quietSince, quiet);
        }
    }

    /// <summary>
    /// Waits for more, or until the heartbeat is due (the loop then sends it). The wait is cancelled, not
    /// abandoned, when it times out, so a log's waiters (a Redis subscription's count among them) stay exact.
    /// </summary>
    private async Task WaitQuietlyAsync(string reportId, int after, long quietSince, QuietWatch quiet)
    {
        var due = SseEvents.HeartbeatInterval - time.GetElapsedTime(quietSince);
        if (due <= TimeSpan.Zero)
            return;
        var token = quiet.Arm(due);
        try
        {
            await log.WaitAsync(reportId, after, token);
        }
        catch (OperationCanceledException) when (quiet.Fired)
        {
            // quiet for a whole interval: the loop sends a ping
        }
        catch (ChunkLogUnavailableException)
        {
            // the loop reads again, which waits while the log does not answer
        }
        finally
        {
            quiet.Disarm();
        }
    }

    /// <summary>
    /// One viewer's heartbeat clock: a single timer, re-armed for every wait (no allocation per wait), that
    /// cancels the wait once the viewer has been quiet for the heartbeat interval. Made at the first wait: a viewer
    /// that the broadcast carries never waits here.
    /// </summary>
    private sealed class QuietWatch(TimeProvider time, CancellationToken viewer) : IDisposable
    {
        private ITimer? _timer;
        private CancellationTokenSource? _source;

        /// <summary>True when the last wait ended because the heartbeat was due, not because the viewer left.</summary>
        public bool Fired => _source is { IsCancellationRequested: true } && !viewer.IsCancellationRequested;

        public CancellationToken Arm(TimeSpan due)
        {
            if (_source is null || _source.IsCancellationRequested)
            {
                _source?.Dispose();
                _source = CancellationTokenSource.CreateLinkedTokenSource(viewer);
            }
            _timer ??= time.CreateTimer(static state => ((QuietWatch)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(due, Timeout.InfiniteTimeSpan);
            return _source.Token;
        }

        public void Disarm() => _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public void Dispose()
        {
            _timer?.Dispose();
            _source?.Dispose();
        }

        private void Fire()
        {
            try
            {
                Volatile.Read(ref _source)?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // a late tick for a wait that has already been replaced: at most an early ping
            }
        }
    }

    private async IAsyncEnumerable<FeedEvent> FromStoreAsync(Report report, StreamPosition from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = await storedTexts.GetAsync(report, cancellationToken);
        var progress = report.Status == ReportStatus.Done ? 100 : report.Progress;
        var version = report.Version;
        var after = from.After;
        if (from.Version != version && after > 0)
        {
            yield return new FeedEvent.Reset(0) { Version = version }; // it holds another version's text
            after = 0;
        }
        if (after > text.Length)
            yield return new FeedEvent.Reset(text.Length) { Version = version };
        // A stopped report's text is final: it is sent in bounded slices (never half a surrogate pair), then the end.
        for (var offset = Math.Clamp(after, 0, text.Length); offset < text.Length;)
        {
            var count = Math.Min(MaxEventChars, text.Length - offset);
            if (offset + count < text.Length && char.IsHighSurrogate(text[offset + count - 1]))
                count--;
            yield return new FeedEvent.Text(text.Substring(offset, count), offset, progress) { Version = version };
            offset += count;
        }
        yield return FeedEvent.FromEnd(FeedEvent.EndOf(report), text.Length, version);
    }
}
