using Blazar.Hub;
using Blazar.Reports;
using Blazar.Storage;

namespace Blazar.Generation;

/// <summary>What the API asks of generation for versions: revise a report, or restore an older version.</summary>
internal sealed partial class GenerationControl
{
    /// <summary>The outcome of a request that makes a new version, and the version's number when it was made.</summary>
    public sealed record Versioned(Outcome Outcome, int Version = 0);

    /// <summary>
    /// Adds a version written from <paramref name="revision"/> and queues it. A section revision's version starts with
    /// the text before the section (saved and in its log at once), so whatever happens next it never lacks that text.
    /// </summary>
    public async Task<Versioned> ReviseAsync(string reportId, Revision revision, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(reportId, cancellationToken) is not { } report)
            return new(Outcome.NotFound);
        if (report.Status.IsActive())
            return new(Outcome.Conflict);
        var seed = "";
        if (revision.Section is { } heading)
        {
            var current = await store.GetTextAsync(reportId, report.Version, cancellationToken) ?? "";
            if (ReportSections.Find(current, heading) is not { } section)
                return new(Outcome.UnknownSection);
            seed = current[..section.Start];
        }
        if (await ClaimToRunAgainAsync(reportId, cancellationToken) is { } refused)
            return new(refused);
        try
        {
            var added = new NewVersion(revision.Instruction, revision.Section, ReportStatus.Queued, time.GetUtcNow()) { Text = seed, Basis = report.Version };
            if (await store.AddVersionAsync(reportId, added, cancellationToken) is not { } version)
            {
                await LoseRaceAsync(reportId);
                return new(Outcome.Conflict); // it started, or another version was made, meanwhile
            }
            // Stored as queued: from here it reaches the workers even if whoever asked has gone, or it is queued for ever.
            await log.OpenAsync(reportId, version, seed, resumed: false, CancellationToken.None);
            var queued = report with
            {
                Status = ReportStatus.Queued, Version = version, Versions = version, Length = seed.Length, Progress = 0,
                Error = null, Usage = null, Truncated = false, CompletedAt = null,
            };
            await hub.PublishAsync(HubMessage.Changed(queued.ToEntry()), CancellationToken.None);
            await SubmitOrSettleAsync(reportId);
            return new(Outcome.Accepted, version);
        }
        catch
        {
            queue.Withdraw(reportId);
            await leases.ReleaseAsync(reportId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Makes a copy of finished version <paramref name="number"/> the report's new current version.</summary>
    public async Task<Versioned> RestoreAsync(string reportId, int number, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(reportId, cancellationToken) is not { } report)
            return new(Outcome.NotFound);
        if (await store.GetAsync(reportId, number, cancellationToken) is not { } old)
            return new(Outcome.UnknownVersion);
        if (report.Status.IsActive() || old.Status != ReportStatus.Done)
            return new(Outcome.Conflict);
        var text = await store.GetTextAsync(reportId, number, cancellationToken) ?? "";
        var now = time.GetUtcNow();
        var copy = new NewVersion($"Restored version {number}", null, ReportStatus.Done, now)
        {
            Text = text, CompletedAt = now, Progress = 100, Truncated = old.Truncated, Basis = report.Version,
        };
        if (await store.AddVersionAsync(reportId, copy, cancellationToken) is not { } version)
            return new(Outcome.Conflict);
        await log.RemoveAsync(reportId, cancellationToken); // the ended log is the version before: viewers read the store
        var restored = report with
        {
            Status = ReportStatus.Done, Version = version, Versions = version, Length = text.Length, Progress = 100,
            Error = null, Usage = null, Truncated = old.Truncated, CompletedAt = now,
        };
        await hub.PublishAsync(HubMessage.Changed(restored.ToEntry()), cancellationToken);
        return new(Outcome.Accepted, version);
    }
}
