using System.Text;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Telemetry;

namespace Blazar.Generation;

/// <summary>
/// Saves the text of a report being written every so often without holding up the writing: the save runs beside
/// the writer (SQLite's "async" calls are synchronous underneath), at most one at a time, and a final write waits
/// for it with <see cref="SettleAsync"/> so an older save can never land after a newer one. A failed save is tried
/// again sooner, with back-off; once no save has succeeded for the give-up time, the report cannot be kept and
/// <see cref="ThrowIfGivenUp"/> (or the final <see cref="SaveAsync"/>) throws <see cref="ReportNotSavedException"/>.
/// </summary>
internal sealed partial class PeriodicSave(IReportStore store, TimeProvider time, TimeSpan interval, TimeSpan giveUp, BlazarMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private Task _inFlight = Task.CompletedTask;
    private long _lastAttempt = time.GetTimestamp();
    private long _lastSuccess = time.GetTimestamp();
    private TimeSpan _wait;
    private int _failures;
    private volatile Exception? _failure;

    public void Tick(Report report, StringBuilder text, CancellationToken cancellationToken)
    {
        if (time.GetElapsedTime(_lastAttempt) < (_failures == 0 ? interval : _wait) || !_inFlight.IsCompleted)
            return;
        _lastAttempt = time.GetTimestamp();
        var snapshot = text.ToString();
        _inFlight = Task.Run(() => AttemptAsync(report, snapshot, cancellationToken), cancellationToken);
    }

    /// <summary>Throws when no save has succeeded for the give-up time and the latest one failed.</summary>
    public void ThrowIfGivenUp()
    {
        if (_failure is { } failure && time.GetElapsedTime(_lastSuccess) >= giveUp)
            throw new ReportNotSavedException(giveUp, failure);
    }

    /// <summary>Waits for the save in flight; its failure is only remembered, as the next save or the final write covers it.</summary>
    public async Task SettleAsync()
    {
        try
        {
            await _inFlight;
        }
        catch (OperationCanceledException)
        {
            // the run is stopping; the final write follows
        }
    }

    /// <summary>
    /// The final write (done, stopped or failed): waits for the save in flight, then saves, trying again with
    /// back-off until it succeeds or no save has succeeded for the give-up time.
    /// </summary>
    public async Task SaveAsync(Report report, string text, CancellationToken cancellationToken)
    {
        await SettleAsync();
        while (!await AttemptAsync(report, text, cancellationToken))
        {
            ThrowIfGivenUp();
            var remaining = giveUp - time.GetElapsedTime(_lastSuccess);
            await Task.Delay(remaining < _wait ? remaining : _wait, time, cancellationToken);
        }
    }

    private async Task<bool> AttemptAsync(Report report, string text, CancellationToken cancellationToken)
    {
        try
        {
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
