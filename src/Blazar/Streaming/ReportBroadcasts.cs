using System.Collections.Concurrent;

namespace Blazar.Streaming;

/// <summary>
/// The live broadcasts of this instance, one per report that has caught-up viewers, and their shared heartbeat:
/// a single timer for the whole process that pings the viewers of a broadcast that has been quiet, so an idle
/// viewer costs no timer, task or wake-up of its own.
/// </summary>
internal sealed class ReportBroadcasts : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Quiet this long, a broadcast pings at the next tick: a viewer hears something 13–14 s after the last event, within
    /// the 15 s heartbeat interval with a tick to spare. (Each round of pings to 10,000 idle viewers costs about 0.1 s of CPU.)
    /// </summary>
    private static readonly TimeSpan PingWhenQuiet = SseEvents.HeartbeatInterval - 2 * Tick;

    private readonly ConcurrentDictionary<string, ReportBroadcast> _live = new();
    private readonly IChunkLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger<ReportBroadcast> _logger;
    private readonly ITimer _heartbeat;
    private long _fellBehind;

    public ReportBroadcasts(IChunkLog log, TimeProvider time, ILogger<ReportBroadcast> logger)
    {
        _log = log;
        _time = time;
        _logger = logger;
        _heartbeat = time.CreateTimer(static state => ((ReportBroadcasts)state!).Beat(), this, Tick, Tick);
    }

    /// <summary>Reports with a live broadcast here (for tests and diagnostics).</summary>
    public int Count => _live.Count;

    /// <summary>How many times a viewer fell too far behind and left to catch up from the log.</summary>
    public long FellBehind => Interlocked.Read(ref _fellBehind);

    /// <summary>The report's broadcast, if it has one.</summary>
    public ReportBroadcast? Find(string reportId) => _live.GetValueOrDefault(reportId);

    /// <summary>
    /// Joins <paramref name="viewer"/>, whose text of <paramref name="version"/> ends at <paramref name="position"/>,
    /// to the report's broadcast, starting one if there is none; null when it is too far behind to join (it reads the log first).
    /// </summary>
    public ReportBroadcast? Join(string reportId, int version, int position, BroadcastViewer viewer)
    {
        while (true)
        {
            var broadcast = _live.GetOrAdd(reportId, static (id, state) => state.Self.Create(id, state.Version, state.Position), (Self: this, Version: version, Position: position));
            switch (broadcast.TryJoin(version, position, viewer))
            {
                case JoinOutcome.Joined:
                    return broadcast;
                case JoinOutcome.Behind:
                    return null;
                default:
                    _live.TryRemove(new(reportId, broadcast)); // ended as this viewer came: start another
                    break;
            }
        }
    }

    public void Dispose() => _heartbeat.Dispose();

    private ReportBroadcast Create(string reportId, int version, int position) =>
        new(reportId, version, position, _log, _time, _logger, closed => _live.TryRemove(new(closed.ReportId, closed)), () => Interlocked.Increment(ref _fellBehind));

    private void Beat()
    {
        foreach (var broadcast in _live.Values)
            broadcast.PingIfQuiet(PingWhenQuiet);
    }
}
