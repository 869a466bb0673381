using Blazar.Hub;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;

namespace Blazar.Generation;

/// <summary>What the API asks of generation: start, stop, continue and delete reports.</summary>
internal sealed partial class GenerationControl(
    IReportStore store,
    IChunkLog log,
    IHubFeed hub,
    GenerationQueue queue,
    RunningGenerations running,
    IGenerationLeases leases,
    TimeProvider time)
{
    private static readonly ReportStatus[] Stopped = [ReportStatus.Cancelled, ReportStatus.Failed];
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopPollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Creates a report of <paramref name="owner"/> (private) and queues it; null when the queue is full (then nothing is created).</summary>
    public async Task<Report?> StartAsync(Spec spec, ReportOwner? owner, CancellationToken cancellationToken)
    {
        var report = new Report(ReportId.New(), SpecValidator.Normalize(spec), ReportStatus.Queued, time.GetUtcNow()) { Owner = owner };
        if (!queue.TryReserve(report.Id))
            return null;
        try
        {
            // Claimed before it exists, so no other instance takes it for an orphan while it waits in this queue.
            await leases.TryAcquireAsync(report.Id, cancellationToken);
            await store.CreateAsync(report, cancellationToken);
            // Stored as queued: from here it reaches the workers even if whoever asked has gone, or it is queued for ever.
            await log.OpenAsync(report.Id, "", CancellationToken.None);
            queue.Submit(report.Id);
        }
        catch
        {
            queue.Withdraw(report.Id);
            await leases.ReleaseAsync(report.Id, CancellationToken.None);
            throw;
        }
        await hub.PublishAsync(HubMessage.Changed(report.ToEntry()), CancellationToken.None);
        return report;
    }

    public async Task<Outcome> CancelAsync(string reportId, CancellationToken cancellationToken)
    {
        var report = await store.GetAsync(reportId, cancellationToken);
        if (report is null)
            return Outcome.NotFound;
        if (!report.Status.IsActive())
            return Outcome.Conflict;
        if (await running.CancelAsync(reportId, CancelWait, cancellationToken))
            return Outcome.Accepted;
        // Still waiting in the queue: the worker skips it once it is no longer queued.
        if (await store.TrySetStatusAsync(reportId, [ReportStatus.Queued], ReportStatus.Cancelled, cancellationToken))
        {
            queue.Withdraw(reportId);
            await leases.ReleaseAsync(reportId, cancellationToken);
            var message = "Stopped before it was started.";
            report = report with { Status = ReportStatus.Cancelled, Error = message, CompletedAt = time.GetUtcNow() };
            await store.UpdateAsync(report, null, cancellationToken);
            await log.EndAsync(reportId, new LogEnd(ReportStatus.Cancelled, message), cancellationToken);
            await hub.PublishAsync(HubMessage.Changed(report.ToEntry()), cancellationToken);
            return Outcome.Accepted;
        }
        // It started between the two looks: stop it now.
        if (await running.CancelAsync(reportId, CancelWait, cancellationToken))
            return Outcome.Accepted;
        // Running on another instance: its owner (or whichever instance takes it over) stops it.
        return await leases.RequestCancelAsync(reportId, cancellationToken) ? Outcome.Accepted : Outcome.Conflict;
    }

    public async Task<Outcome> ContinueAsync(string reportId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(reportId, cancellationToken) is not { } report)
            return Outcome.NotFound;
        if (!Stopped.Contains(report.Status))
            return Outcome.Conflict;
        if (await ClaimToRunAgainAsync(reportId, cancellationToken) is { } refused)
            return refused;
        try
        {
            if (!await store.TrySetStatusAsync(reportId, Stopped, ReportStatus.Queued, cancellationToken))
            {
                await LoseRaceAsync(reportId);
                return Outcome.Conflict;
            }
            // Stored as queued: from here it reaches the workers even if whoever asked has gone, or it is queued for ever.
            await SubmitContinuationAsync(reportId, resumed: false, CancellationToken.None); // stopped: its whole text was saved
        }
        catch
        {
            queue.Withdraw(reportId);
            await leases.ReleaseAsync(reportId, CancellationToken.None); // not queued here: another instance may take it
            throw;
        }
        return Outcome.Accepted;
    }

    /// <summary>
    /// Takes a queue place and this instance's claim for a report to be written again (continued or revised); the
    /// outcome to answer when it cannot, with nothing changed: the queue is full, another request got there first,
    /// or another instance is writing it.
    /// </summary>
    private async Task<Outcome?> ClaimToRunAgainAsync(string reportId, CancellationToken cancellationToken)
    {
        switch (queue.Reserve(reportId))
        {
            case Reservation.Full:
                return Outcome.QueueFull;
            case Reservation.AlreadyHeld:
                return Outcome.Conflict;
        }
        if (await LetGoByEarlierRunAsync(reportId, cancellationToken) && await leases.TryAcquireAsync(reportId, cancellationToken))
            return null;
        queue.Withdraw(reportId);
        return Outcome.Conflict;
    }

    /// <summary>
    /// A request that lost the race to queue a report again gives its own place back. The claim it confirmed is this
    /// instance's, so also the winner's: it lets go of it only when no one has queued the report meanwhile.
    /// </summary>
    private async Task LoseRaceAsync(string reportId)
    {
        queue.Withdraw(reportId);
        if (await store.GetAsync(reportId, CancellationToken.None) is not { } now || !now.Status.IsActive())
            await leases.ReleaseAsync(reportId, CancellationToken.None);
    }

    /// <summary>
    /// Waits (a while) for a run of the report in this process that is still ending after its status said stopped: its
    /// claim on the report is let go as it ends, and must not be let go after this continue has claimed it again.
    /// </summary>
    private async Task<bool> LetGoByEarlierRunAsync(string reportId, CancellationToken cancellationToken)
    {
        try
        {
            await running.WhenEndedAsync(reportId).WaitAsync(CancelWait, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Queues a report that already has text, so it picks up where it stopped (recovery, takeover): from its last
    /// save, which viewers may have read past. The caller holds the report's lease; throws when the queue is full.
    /// </summary>
    public async Task QueueContinuationAsync(string reportId, CancellationToken cancellationToken)
    {
        if (!queue.TryReserve(reportId))
            throw new InvalidOperationException("The generation queue is full.");
        try
        {
            await SubmitContinuationAsync(reportId, resumed: true, cancellationToken);
        }
        catch
        {
            queue.Withdraw(reportId);
            throw;
        }
    }

    /// <summary>Opens the log from the saved text and hands the report, which holds a place, to the workers.</summary>
    private async Task SubmitContinuationAsync(string reportId, bool resumed, CancellationToken cancellationToken)
    {
        var report = await store.GetAsync(reportId, cancellationToken);
        var version = report?.Version ?? 1; // a continue goes on with the version it stopped in
        var text = await store.GetTextAsync(reportId, version, cancellationToken) ?? "";
        await log.OpenAsync(reportId, version, text, resumed, cancellationToken);
        if (report is not null)
            await hub.PublishAsync(HubMessage.Changed((report with { Status = ReportStatus.Queued, Error = null }).ToEntry()), cancellationToken);
        await SubmitOrSettleAsync(reportId);
    }

    /// <summary>Hands a report whose log is open to the workers, or, when it was stopped or deleted meanwhile, ends that log.</summary>
    private async Task SubmitOrSettleAsync(string reportId)
    {
        if (queue.Submit(reportId))
            return;
        // Stopped or deleted meanwhile (a stop of a queued report withdraws it), possibly before the log above was
        // opened: that log must not stay open with no writer, so it ends as the store now says.
        var now = await store.GetAsync(reportId, CancellationToken.None);
        if (now is null)
            await log.RemoveAsync(reportId, CancellationToken.None);
        else if (!now.Status.IsActive())
            await log.EndAsync(reportId, FeedEvent.EndOf(now), CancellationToken.None);
    }

    public async Task<bool> DeleteAsync(string reportId, CancellationToken cancellationToken)
    {
        // Deleted first, so its viewers learn that it was deleted rather than stopped, and a run can save nothing more.
        var before = await store.GetAsync(reportId, cancellationToken);
        var deleted = await store.DeleteAsync(reportId, cancellationToken);
        if (!await running.CancelAsync(reportId, CancelWait, cancellationToken) && before?.Status.IsActive() == true)
            await StopElsewhereAsync(reportId, cancellationToken);
        queue.Withdraw(reportId);
        await log.RemoveAsync(reportId, cancellationToken);
        await leases.ReleaseAsync(reportId, cancellationToken);
        if (deleted)
            await hub.PublishAsync(HubMessage.Removed(reportId, before?.ToEntry()), cancellationToken);
        return deleted;
    }

    /// <summary>Stops a report being written by another instance and waits (a while) until it has stopped.</summary>
    private async Task StopElsewhereAsync(string reportId, CancellationToken cancellationToken)
    {
        if (!await leases.RequestCancelAsync(reportId, cancellationToken))
            return;
        // A run that stops ends its log (the report itself is already gone from the store).
        var asked = time.GetTimestamp();
        while (time.GetElapsedTime(asked) < CancelWait && await log.ReadAsync(reportId, 0, 1, cancellationToken) is { End: null })
            await Task.Delay(StopPollInterval, time, cancellationToken);
    }

    public enum Outcome
    {
        Accepted,
        NotFound,
        Conflict,
        QueueFull,

        /// <summary>The revision names a section the current version does not have.</summary>
        UnknownSection,

        /// <summary>The version asked for is not one of the report's.</summary>
        UnknownVersion,
    }
}
