using Blazar.Reports;
using Blazar.Storage;

namespace Blazar.Generation;

/// <summary>
/// At start-up, picks up reports that a previous process left queued or generating (it crashed or was
/// stopped): each continues from its saved text under the same id, so none stays "generating" forever.
/// A report that another live instance holds is left to it.
/// </summary>
internal sealed partial class GenerationRecovery(IReportStore store, GenerationControl control, IGenerationLeases leases, ILogger<GenerationRecovery> logger)
{
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in await store.ListActiveAsync(cancellationToken))
            if (await store.GetAsync(entry.Id, cancellationToken) is { } report && report.Status.IsActive() && await ResumeAsync(report, cancellationToken))
                LogResumed(report.Id);
    }

    /// <summary>Claims an unfinished report and queues it to continue; false when another instance holds it or it cannot be queued.</summary>
    public async Task<bool> ResumeAsync(Report report, CancellationToken cancellationToken)
    {
        if (!await leases.TryAcquireAsync(report.Id, cancellationToken))
            return false; // another instance is writing it
        try
        {
            await store.UpdateAsync(report with { Status = ReportStatus.Queued }, null, cancellationToken);
            await control.QueueContinuationAsync(report.Id, cancellationToken);
            return true;
        }
        catch (InvalidOperationException ex)
        {
            await store.UpdateAsync(report with { Status = ReportStatus.Failed, Error = $"Interrupted by a restart and could not be resumed: {ex.Message}" }, null, cancellationToken);
            await leases.ReleaseAsync(report.Id, cancellationToken);
            return false;
        }
        catch
        {
            await leases.ReleaseAsync(report.Id, CancellationToken.None); // not queued here: let it be picked up again
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming report {ReportId}, interrupted by a restart")]
    private partial void LogResumed(string reportId);
}
