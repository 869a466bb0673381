using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Blazar.Reports;

namespace Blazar.Telemetry;

/// <summary>
/// Blazar's own metrics, on the meter <c>Blazar</c>. Every call here sits on or near a hot path (an append per
/// delta, a slice per viewer), so each is a counter add or a timestamp compare: no allocation, no lock.
/// </summary>
internal sealed class BlazarMetrics
{
    public const string MeterName = "Blazar";

    /// <summary>How often a report being written leaves a timestamp for its viewers to measure the relay lag against.</summary>
    public static readonly TimeSpan RelaySampleInterval = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private readonly Counter<long> _chunks;
    private readonly Counter<long> _characters;
    private readonly Counter<long> _generated;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _relayLag;
    private readonly Histogram<double> _publishLag;
    private readonly ConcurrentDictionary<string, RelayClock> _clocks = new();
    private int _reportViewers, _hubViewers;

    /// <param name="queued">Reports waiting in this instance's queue.</param>
    /// <param name="generating">Reports this instance is writing.</param>
    public BlazarMetrics(IMeterFactory meters, TimeProvider time, Func<int> queued, Func<int> generating)
    {
        _time = time;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("blazar.reports.queued", queued, "{report}", "Reports waiting in this instance's queue");
        meter.CreateObservableGauge("blazar.reports.generating", generating, "{report}", "Reports this instance is writing");
        meter.CreateObservableGauge("blazar.viewers.connected", ObserveViewers, "{viewer}", "Open report and hub event streams, by stream");
        _chunks = meter.CreateCounter<long>("blazar.chunks.appended", "{chunk}", "Deltas appended to chunk logs (rate: chunks per second)");
        _characters = meter.CreateCounter<long>("blazar.chunks.characters", "{char}", "Characters appended to chunk logs");
        _generated = meter.CreateCounter<long>("blazar.reports.generated", "{report}", "Generation runs that ended, by status (done, failed, cancelled)");
        _tokens = meter.CreateCounter<long>("blazar.model.tokens", "{token}", "Model tokens used by generation runs, by model and type (input, output)");
        _errors = meter.CreateCounter<long>("blazar.errors", "{error}", "Errors, by kind");
        _relayLag = meter.CreateHistogram<double>("blazar.relay.lag", "s", "Time from a chunk's append to its being written to a viewer (sampled)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _publishLag = meter.CreateHistogram<double>(PublishLagName, "s", "Time from the model's bytes arriving to their chunk appended to the log and published to its viewers",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1] });
    }

    /// <summary>The writer path's own delay: model bytes in, chunk appended and published.</summary>
    public const string PublishLagName = "blazar.chunks.publish.lag";

    /// <summary>A delta was appended to a chunk log.</summary>
    public void ChunkAppended(int characters)
    {
        _chunks.Add(1);
        _characters.Add(characters);
    }

    /// <summary>A chunk was appended and published; its model bytes arrived at <paramref name="arrivedAt"/> (0: unknown).</summary>
    public void ChunkPublished(long arrivedAt)
    {
        if (arrivedAt != 0)
            _publishLag.Record(_time.GetElapsedTime(arrivedAt).TotalSeconds);
    }

    /// <summary>A generation run ended with <paramref name="status"/> (done, failed or cancelled).</summary>
    public void GenerationEnded(ReportStatus status) =>
        _generated.Add(1, new KeyValuePair<string, object?>("status", StatusTag(status)));

    /// <summary>What one generation run cost, however it ended.</summary>
    public void TokensUsed(Usage usage)
    {
        var model = new KeyValuePair<string, object?>("model", usage.Model);
        if (usage.InputTokens > 0)
            _tokens.Add(usage.InputTokens, model, new KeyValuePair<string, object?>("type", "input"));
        if (usage.OutputTokens > 0)
            _tokens.Add(usage.OutputTokens, model, new KeyValuePair<string, object?>("type", "output"));
    }

    /// <summary>Something went wrong that an operator should count: see <see cref="ErrorKinds"/>.</summary>
    public void Error(string kind) => _errors.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>A viewer opened a report stream (<paramref name="hub"/>: the hub's stream); dispose when it closes.</summary>
    public ViewerScope Viewer(bool hub = false)
    {
        Interlocked.Increment(ref hub ? ref _hubViewers : ref _reportViewers);
        return new ViewerScope(this, hub);
    }

    /// <summary>The relay clock of a report this instance starts writing; <see cref="EndRelay"/> when the run ends.</summary>
    public RelayClock StartRelay(string reportId)
    {
        var clock = new RelayClock(_time);
        _clocks[reportId] = clock;
        return clock;
    }

    public void EndRelay(string reportId, RelayClock clock) => _clocks.TryRemove(new(reportId, clock));

    /// <summary>The relay clock of a report written by this instance, or null (not written here, or not yet).</summary>
    public RelayClock? RelayOf(string reportId) => _clocks.GetValueOrDefault(reportId);

    /// <summary>A viewer has just written the text up to <paramref name="seq"/>; records the lag if it covers a new sample.</summary>
    public RelaySample? Relayed(RelayClock clock, int offset, int seq, RelaySample? measured)
    {
        var sample = clock.Sample;
        if (sample is null || ReferenceEquals(sample, measured) || sample.Seq <= offset || sample.Seq > seq)
            return measured;
        _relayLag.Record(_time.GetElapsedTime(sample.Timestamp).TotalSeconds);
        return sample;
    }

    private IEnumerable<Measurement<int>> ObserveViewers() =>
    [
        new(Volatile.Read(ref _reportViewers), new KeyValuePair<string, object?>("stream", "report")),
        new(Volatile.Read(ref _hubViewers), new KeyValuePair<string, object?>("stream", "hub")),
    ];

    private static string StatusTag(ReportStatus status) => status switch
    {
        ReportStatus.Done => "done",
        ReportStatus.Failed => "failed",
        ReportStatus.Cancelled => "cancelled",
        ReportStatus.Generating => "generating",
        _ => "queued",
    };

    /// <summary>Counts a viewer as connected until disposed.</summary>
    public readonly struct ViewerScope(BlazarMetrics metrics, bool hub) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref hub ? ref metrics._hubViewers : ref metrics._reportViewers);
    }

    /// <summary>
    /// Where the writer of one report was at a moment: refreshed at most every <see cref="RelaySampleInterval"/>, so
    /// the writer pays a timestamp compare per delta and each viewer a reference compare per slice.
    /// </summary>
    internal sealed class RelayClock(TimeProvider time)
    {
        private long _last = long.MinValue;

        public RelaySample? Sample { get; private set; }

        /// <summary>The report's text now ends at <paramref name="seq"/>.</summary>
        public void Appended(int seq)
        {
            var now = time.GetTimestamp();
            if (_last != long.MinValue && time.GetElapsedTime(_last, now) < RelaySampleInterval)
                return;
            _last = now;
            Sample = new RelaySample(seq, now);
        }
    }

    /// <summary>The text reached <paramref name="Seq"/> at <paramref name="Timestamp"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    internal sealed record RelaySample(int Seq, long Timestamp);
}
