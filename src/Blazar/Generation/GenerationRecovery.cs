using Blazar.Reports;
using Blazar.Storage;

namespace Blazar.Generation;

/// <summary>
/// At start-up, picks up reports that a previous process left queued or generating (it crashed or was
/// stopped): each continues from its saved text under the same id, so none stays "generating" forever.
/// </summary>
internal sealed partial class GenerationRecovery(IReportStore store, GenerationControl control, ILogger<GenerationRecovery> logger)
{
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var report in (await store.ListAsync(cancellationToken)).Where(r => r.Status.IsActive()).Reverse())
        {
            try
            {
                await store.UpdateAsync(report with { Status = ReportStatus.Queued }, null, cancellationToken);
                await control.QueueContinuationAsync(report.Id, cancellationToken);
                LogResumed(report.Id);
            }
            catch (InvalidOperationException ex)
            {
                await store.UpdateAsync(report with { Status = ReportStatus.Failed, Error = $"Interrupted by a restart and could not be resumed: {ex.Message}" }, null, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming report {ReportId}, interrupted by a restart")]
    private partial void LogResumed(string reportId);
}
