using System.Text;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Telemetry;

namespace Blazar.Generation;

/// <summary>
/// Saves the text of a report being written every so often without holding up the writing: the save runs beside
/// the writer (SQLite's "async" calls are synchronous underneath), at most one at a time, and a final write waits
/// for it with <see cref="SettleAsync"/> so an older save can never land after a newer one.
/// </summary>
internal sealed partial class PeriodicSave(IReportStore store, TimeProvider time, TimeSpan interval, BlazarMetrics metrics, ILogger logger)
{
    private Task _inFlight = Task.CompletedTask;
    private long _last = time.GetTimestamp();

    public void Tick(Report report, StringBuilder text, CancellationToken cancellationToken)
    {
        if (time.GetElapsedTime(_last) < interval || !_inFlight.IsCompleted)
            return;
        _last = time.GetTimestamp();
        var snapshot = text.ToString();
        _inFlight = Task.Run(async () =>
        {
            try
            {
                await store.UpdateAsync(report, snapshot, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                metrics.Error(ErrorKinds.Save);
                throw; // logged where it is settled
            }
        }, cancellationToken);
    }

    /// <summary>Waits for the save in flight. A save that failed is only logged: the final write stores everything.</summary>
    public async Task SettleAsync()
    {
        try
        {
            await _inFlight;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSaveFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A periodic save of a report's text failed; the next save or the final write covers it")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception);
}
