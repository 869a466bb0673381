namespace Blazar.Streaming;

/// <summary>
/// The live tail of one report, for every viewer of it on this instance that is caught up: one loop follows the
/// chunk log (in-process, or one Redis follower per report), frames and encodes each new slice once, and links it to
/// a list of frames that every viewer walks. Publishing wakes the viewers; nothing is serialized or queued per viewer.
/// A viewer more than <see cref="MaxLagFrames"/> behind is told to leave: it catches up from the log, coalesced, and
/// joins again. Anything unusual (the log ends, is replaced or removed) ends the broadcast, and each viewer's own feed
/// carries on from where it is, as it would have without the broadcast.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Its CancellationTokenSource has no timer and no wait handle: there is nothing to release, and disposing it would race the last viewer's cancel.")]
internal sealed partial class ReportBroadcast
{
    /// <summary>How far behind the newest frame a viewer may be before it leaves to catch up from the log.</summary>
    public const int MaxLagFrames = 64;

    /// <summary>The recent frames kept, from which a viewer that is a little behind can join.</summary>
    private const int WindowFrames = 32;

    private static readonly TimeSpan RetryWhileUnavailable = TimeSpan.FromMilliseconds(250);

    private readonly string _reportId;
    private readonly int _version;
    private readonly IChunkLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<ReportBroadcast> _onClosed;
    private readonly Action _onBehind;
    private readonly Lock _gate = new();
    private readonly List<BroadcastViewer> _viewers = [];
    private readonly CancellationTokenSource _stop = new();
    private BroadcastFrame _tail;
    private BroadcastFrame _oldest;
    private long _lastSent;
    private bool _started;
    private bool _closed;

    public ReportBroadcast(string reportId, int version, int start, IChunkLog log, TimeProvider time, ILogger logger, Action<ReportBroadcast> onClosed, Action onBehind)
    {
        _onBehind = onBehind;
        _reportId = reportId;
        _version = version;
        _log = log;
        _time = time;
        _logger = logger;
        _onClosed = onClosed;
        _tail = _oldest = BroadcastFrame.Start(start);
        _lastSent = time.GetTimestamp();
    }

    public string ReportId => _reportId;

    public int Viewers
    {
        get
        {
            lock (_gate)
                return _viewers.Count;
        }
    }

    /// <summary>The report version whose log it follows.</summary>
    public int Version => _version;

    /// <summary>Adds a viewer whose text of <paramref name="version"/> ends at <paramref name="position"/>; it is sent what is published after that.</summary>
    public JoinOutcome TryJoin(int version, int position, BroadcastViewer viewer)
    {
        lock (_gate)
        {
            if (_closed || version != _version)
                return JoinOutcome.Closed;
            var cursor = _tail;
            if (position < _tail.Seq)
            {
                if (position < _oldest.Seq)
                    return JoinOutcome.Behind;
                cursor = _oldest;
                while (cursor.Next is { } next && next.Seq <= position)
                    cursor = next;
            }
            viewer.Place(cursor);
            viewer.Slot = _viewers.Count;
            _viewers.Add(viewer);
            if (!_started)
            {
                _started = true;
                _ = Task.Run(RunAsync);
            }
            return JoinOutcome.Joined;
        }
    }

    /// <summary>Removes a viewer; the broadcast stops with its last viewer.</summary>
    public void Leave(BroadcastViewer viewer)
    {
        lock (_gate)
        {
            var slot = viewer.Slot;
            if (slot >= _viewers.Count || !ReferenceEquals(_viewers[slot], viewer))
                return;
            var last = _viewers[^1];
            _viewers[slot] = last;
            last.Slot = slot;
            _viewers.RemoveAt(_viewers.Count - 1);
            if (_viewers.Count > 0 || _closed)
                return;
            _closed = true;
        }
        _stop.Cancel();
        _onClosed(this);
    }

    /// <summary>Sends a ping to every viewer when nothing has been sent for <paramref name="quiet"/> (the shared heartbeat).</summary>
    public void PingIfQuiet(TimeSpan quiet)
    {
        lock (_gate)
        {
            if (!_closed && _viewers.Count > 0 && _time.GetElapsedTime(_lastSent) >= quiet)
                Publish(_tail.Ping());
        }
    }

    private async Task RunAsync()
    {
        var position = _tail.Seq;
        var first = true;
        int? resumedAt = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                LogSlice? slice;
                try
                {
                    slice = await _log.ReadAsync(_reportId, position, ReportFeed.MaxEventChars, _stop.Token);
                }
                catch (ChunkLogUnavailableException)
                {
                    await Task.Delay(RetryWhileUnavailable, _time, _stop.Token); // viewers keep their place and their pings
                    continue;
                }
                // Gone, replaced, resumed from a save: each viewer's feed knows what to tell it.
                if (slice is null || slice.Offset != position || slice.Version != _version || (!first && slice.ResumedAt != resumedAt))
                    return;
                if (first)
                    (first, resumedAt) = (false, slice.ResumedAt);
                if (slice.Text.Length > 0)
                {
                    var bytes = SseFrames.Encode(SseEvents.ChunkItem(slice.Text, slice.Offset, slice.Progress, _version));
                    lock (_gate)
                        Publish(_tail.Chunk(slice.Text, slice.Progress, bytes));
                    position = slice.Seq;
                }
                if (slice.End is not null)
                    return; // viewers read the end from the log: "done" is sent only once the report is stored
                if (slice.Text.Length == 0)
                    await WaitAsync(position);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFailed(ex, _reportId); // its viewers carry on through their own feeds
        }
        finally
        {
            Close();
        }
    }

    /// <summary>
    /// Waits for more text. The wait is cancelled, not abandoned, after a heartbeat interval, and the log read again,
    /// so a notification lost while a shared log did not answer delays the tail by no more than that.
    /// </summary>
    private async Task WaitAsync(int position)
    {
        using var recheck = new CancellationTokenSource(SseEvents.HeartbeatInterval, _time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, recheck.Token);
        try
        {
            await _log.WaitAsync(_reportId, position, wait.Token);
        }
        catch (OperationCanceledException) when (recheck.IsCancellationRequested && !_stop.IsCancellationRequested)
        {
        }
        catch (ChunkLogUnavailableException)
        {
            await Task.Delay(RetryWhileUnavailable, _time, _stop.Token);
        }
    }

    /// <summary>Links a frame after the newest and wakes every viewer; under the lock.</summary>
    private void Publish(BroadcastFrame frame)
    {
        _tail.Link(frame);
        _tail = frame;
        while (_tail.Index - _oldest.Index > WindowFrames)
            _oldest = _oldest.Next!;
        _lastSent = _time.GetTimestamp();
        foreach (var viewer in _viewers)
        {
            if (!viewer.Behind && frame.Index - viewer.Cursor.Index > MaxLagFrames)
            {
                viewer.MarkBehind();
                _onBehind();
            }
            viewer.Pulse();
        }
    }

    private void Close()
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _closed = true;
                _onClosed(this);
            }
            Publish(_tail.Leave());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live broadcast of report {ReportId} stopped; its viewers follow the log by themselves")]
    private partial void LogFailed(Exception exception, string reportId);
}

internal enum JoinOutcome
{
    Joined,

    /// <summary>The viewer is further behind than the recent frames reach: it reads the log first.</summary>
    Behind,

    /// <summary>This broadcast has ended (or follows another version); a new one can start.</summary>
    Closed,
}
