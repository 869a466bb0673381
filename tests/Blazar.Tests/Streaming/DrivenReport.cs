using System.Text;
using Blazar.Generation;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;

namespace Blazar.Tests.Streaming;

/// <summary>
/// A report the test writes itself, delta by delta, through a server's own store, lease and chunk log (in-process
/// or Redis), the way a generation run does: so a test decides exactly when each chunk is published.
/// </summary>
internal sealed class DrivenReport
{
    private readonly IReportStore _store;
    private readonly IChunkLog _log;
    private readonly StringBuilder _text;
    private Report _report;

    private DrivenReport(IReportStore store, IChunkLog log, Report report, string seed)
    {
        _store = store;
        _log = log;
        _report = report;
        _text = new StringBuilder(seed);
    }

    public string Id => _report.Id;

    public string Text => _text.ToString();

    public int Length => _text.Length;

    /// <summary>Starts a report on the instance whose services are <paramref name="get"/>; its log holds <paramref name="seed"/>.</summary>
    public static async Task<DrivenReport> StartAsync(Func<Type, object> get, string seed)
    {
        var store = (IReportStore)get(typeof(IReportStore));
        var log = (IChunkLog)get(typeof(IChunkLog));
        var leases = (IGenerationLeases)get(typeof(IGenerationLeases));
        var now = DateTimeOffset.UtcNow;
        var report = new Report(ReportId.New(), new Spec { Title = "Driven" }, ReportStatus.Generating, now, null, seed.Length, 10);
        // The lease first: a report being written that no one holds is what an instance's takeover picks up, and under
        // load its loop could take this one between the two calls.
        Assert.True(await leases.TryAcquireAsync(report.Id, default));
        await store.CreateAsync(report, default);
        await log.OpenAsync(report.Id, seed, default);
        return new DrivenReport(store, log, report, seed);
    }

    public async Task AppendAsync(string delta)
    {
        _text.Append(delta);
        await _log.AppendAsync(Id, delta, Math.Min(90, 10 + _text.Length / 1000), default);
    }

    /// <summary>Stores the text, then ends the log, as a run does: "done" only once the report is stored.</summary>
    public async Task FinishAsync()
    {
        _report = _report with { Status = ReportStatus.Done, Progress = 100, Length = _text.Length, CompletedAt = DateTimeOffset.UtcNow };
        await _store.UpdateAsync(_report, Text, default);
        await _log.EndAsync(Id, new LogEnd(ReportStatus.Done), default);
    }
}
