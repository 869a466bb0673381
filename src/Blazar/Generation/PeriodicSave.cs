using System.Text;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Telemetry;

namespace Blazar.Generation;

/// <summary>
/// Saves the text of a report being written every interval while it changes, without holding up the writing: the
/// saves run one after another beside the writer (SQLite's "async" calls are synchronous underneath), so a model that
/// pauses mid-way still has its latest text saved within the interval, and an older save can never land after a
/// newer one. A final write waits for them with <see cref="SettleAsync"/>. A failed save is tried again sooner, with
/// back-off; once no save has succeeded for the give-up time, the report cannot be kept and <see cref="ThrowIfGivenUp"/>
/// (or the final <see cref="SaveAsync"/>) throws <see cref="ReportNotSavedException"/>.
/// </summary>
internal sealed partial class PeriodicSave(IReportStore store, TimeProvider time, TimeSpan interval, TimeSpan giveUp, BlazarMetrics metrics, ILogger logger) : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _settled = new();
    private Task _saving = Task.CompletedTask;
    private volatile Report? _latest;
    private long _lastSuccess = time.GetTimestamp();
    private TimeSpan _wait;
    private int _failures;
    private volatile Exception? _failure;

    /// <summary>The report changed (its text is <paramref name="text"/>); it is saved within the interval.</summary>
    public void Tick(Report report, ReportText text, CancellationToken cancellationToken)
    {
        var first = _latest is null;
        _latest = report;
        if (first)
            _saving = Task.Run(() => SaveWhileChangingAsync(text, cancellationToken), CancellationToken.None);
    }

    private async Task SaveWhileChangingAsync(ReportText text, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _settled.Token);
        var saved = -1;
        // The first save comes a random part of the interval in (a quarter to all of it), and the next ones an interval
        // apart: reports started together (a burst of requests, recovery after a restart) would otherwise all save in
        // the same instant every interval, and wait in line for the database (p99 of a save above 1 s with 100 of them).
        var next = interval * (0.25 + 0.75 * Random.Shared.NextDouble());
        try
        {
            while (true)
            {
                await Task.Delay(_failures == 0 ? next : _wait, time, stop.Token);
                next = interval;
                var snapshot = text.ToString();
                if (snapshot.Length == saved && _failures == 0)
                    continue; // nothing new since the last save: the writer is waiting on the model
                if (await AttemptAsync(_latest! with { Length = snapshot.Length }, snapshot, whileWriting: true, cancellationToken))
                    saved = snapshot.Length;
            }
        }
        catch (OperationCanceledException)
        {
            // settled, or the run is stopping; the final write follows
        }
    }

    public void Dispose() => _settled.Dispose();

    /// <summary>Throws when no save has succeeded for the give-up time and the latest one failed.</summary>
    public void ThrowIfGivenUp()
    {
        if (_failure is { } failure && time.GetElapsedTime(_lastSuccess) >= giveUp)
            throw new ReportNotSavedException(giveUp, failure);
    }

    /// <summary>Stops saving, and waits for a save under way; its failure is only remembered, as the final write covers it.</summary>
    public async Task SettleAsync()
    {
        await _settled.CancelAsync();
        await _saving;
    }

    /// <summary>
    /// The final write (done, stopped or failed): waits for the save in flight, then saves, trying again with
    /// back-off until it succeeds or no save has succeeded for the give-up time.
    /// </summary>
    public async Task SaveAsync(Report report, string text, CancellationToken cancellationToken)
    {
        await SettleAsync();
        while (!await AttemptAsync(report, text, whileWriting: false, cancellationToken))
        {
            ThrowIfGivenUp();
            var remaining = giveUp - time.GetElapsedTime(_lastSuccess);
            await Task.Delay(remaining < _wait ? remaining : _wait, time, cancellationToken);
        }
    }

    private async Task<bool> AttemptAsync(Report report, string text, bool whileWriting, CancellationToken cancellationToken)
    {
        try
        {
            if (whileWriting)
                await store.UpdateWhileWritingAsync(report, text, cancellationToken); // never over a report stopped or finished since
            else
                await store.UpdateAsync(report, text, cancellationToken);
            _lastSuccess = time.GetTimestamp();
            _failure = null;
            _failures = 0;
            _wait = TimeSpan.Zero;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            metrics.Error(ErrorKinds.Save);
            _failure = ex;
            _failures++;
            _wait = TimeSpan.FromTicks(Math.Min(FirstRetry.Ticks << Math.Min(_failures - 1, 16), Math.Max(interval.Ticks, FirstRetry.Ticks)));
            LogSaveFailed(logger, report.Id, _wait.TotalMilliseconds, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving the text of report {ReportId} failed; trying again in {RetryMilliseconds} ms")]
    private static partial void LogSaveFailed(ILogger logger, string reportId, double retryMilliseconds, Exception exception);
}

/// <summary>A report's text could not be saved for the give-up time: the report fails with this reason.</summary>
internal sealed class ReportNotSavedException(TimeSpan giveUp, Exception cause)
    : Exception($"The report could not be saved for {giveUp.TotalSeconds:0} s ({cause.Message}), so it was stopped; continue it once the store is back.", cause);
