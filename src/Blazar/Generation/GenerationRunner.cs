using Blazar.Hub;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;
using Blazar.Telemetry;
using Blazar.Writers;
using Microsoft.Extensions.Options;

namespace Blazar.Generation;

/// <summary>
/// Writes one report: streams from the writer into the chunk log, saves the text as it grows,
/// and stores the finished HTML before anyone is told it is done.
/// </summary>
internal sealed partial class GenerationRunner(
    IReportStore store,
    IChunkLog log,
    IHubFeed hub,
    ReportWriter writer,
    RunningGenerations running,
    IGenerationLeases leases,
    IUsageLedger ledger,
    TimeProvider time,
    BlazarMetrics metrics,
    IOptions<GenerationOptions> options,
    ILogger<GenerationRunner> logger)
{
    private static readonly TimeSpan HubInterval = TimeSpan.FromMilliseconds(250);
    private static readonly ReportStatus[] Runnable = [ReportStatus.Queued];

    public async Task RunAsync(string reportId, CancellationToken stopping)
    {
        // A stopped run is still here while it saves and ends its log, after its status already says stopped: a
        // continue can queue the report again meanwhile. Turned away, that report stayed queued for ever; it waits
        // for the run to let go instead (a report queued twice finds itself no longer runnable and is skipped).
        await running.WhenEndedAsync(reportId).WaitAsync(stopping);
        if (running.IsRunning(reportId) || !await leases.TryAcquireAsync(reportId, stopping))
            return; // queued twice and already being written here, or another instance has taken it over
        var ran = false;
        try
        {
            ran = await RunClaimedAsync(reportId, stopping);
        }
        finally
        {
            // A run lets go of its claim as it ends (before a continue waiting for it claims the report again); one
            // that never started lets go here, unless a second copy from the queue is writing the report meanwhile.
            if (!ran && !running.IsRunning(reportId))
                await leases.ReleaseAsync(reportId, CancellationToken.None);
        }
    }

    /// <summary>Writes the report if it is still queued; false when it no longer was (then nothing ran).</summary>
    private async Task<bool> RunClaimedAsync(string reportId, CancellationToken stopping)
    {
        if (!await store.TrySetStatusAsync(reportId, Runnable, ReportStatus.Generating, stopping))
            return false; // cancelled or deleted while it waited
        var report = await store.GetAsync(reportId, stopping);
        if (report is null)
            return false;

        var job = running.Register(reportId, stopping);
        if (await leases.TakeCancelRequestAsync(reportId, stopping))
        {
            job.CancelledByUser = true; // stopped from another instance while no run could hear it
            await job.Cancellation.CancelAsync();
        }
        var plan = await RunPlan.ForAsync(store, report, stopping);
        var seed = await CurrentTextAsync(reportId, report.Version, stopping);
        var text = new ReportText(seed);
        // A section revision's log starts with the text before the section: the writer is given only the section's part.
        var ownStart = seed.StartsWith(plan.Prefix, StringComparison.Ordinal) ? plan.Prefix.Length : 0;
        var progress = new ProgressEstimator(report.Spec, report.Progress);
        progress.Update(seed);
        report = report with { Status = ReportStatus.Generating, Length = text.Length, Error = null, CompletedAt = null };
        await PublishAsync(report, stopping);
        using var saves = new PeriodicSave(store, time, TimeSpan.FromMilliseconds(options.Value.SaveIntervalMilliseconds), TimeSpan.FromSeconds(options.Value.SaveGiveUpSeconds), metrics, logger);
        var relay = metrics.StartRelay(reportId);
        var earlier = report.Usage; // what the runs before this one (stopped, failed, interrupted) cost
        Usage? used = null;
        try
        {
            await using (var progressToHub = new ProgressPublisher(hub, time, HubInterval, stopping))
            {
                await foreach (var update in writer.WriteAsync(plan.Request, text.ToString()[ownStart..], job.Cancellation.Token))
                {
                    if (update.Usage is not null)
                        report = report with { Usage = Tally(earlier, used = update.Usage) };
                    if (update.Truncated)
                        report = report with { Truncated = true };
                    if (string.IsNullOrEmpty(update.Text))
                        continue;
                    var delta = WithinLimit(update.Text, text.Length);
                    if (delta.Length > 0)
                    {
                        text.Append(delta);
                        var percent = progress.Update(delta);
                        // The relay clock is stamped before the chunk is published: a viewer it wakes must find the sample that covers it.
                        relay.Appended(text.Length);
                        await log.AppendAsync(reportId, delta, percent, stopping);
                        metrics.ChunkAppended(delta.Length);
                        metrics.ChunkPublished(update.ArrivedAt);
                        report = report with { Length = text.Length, Progress = percent };
                        saves.Tick(report, text, stopping);
                        saves.ThrowIfGivenUp(); // viewers would otherwise watch a report that can never be kept
                    }
                    if (delta.Length < update.Text.Length)
                    {
                        report = report with { Truncated = true, Error = $"Stopped at the length limit of {options.Value.MaxReportChars:N0} characters." };
                        LogLengthLimit(reportId, text.Length);
                        break; // leaving the writer closes the model's stream
                    }
                    progressToHub.Changed(report.ToEntry());
                }
            }
            if (text.Length == ownStart)
                throw new InvalidOperationException("The writer finished without writing anything.");
            if (plan.Suffix.Length > 0)
            {
                // The text after a revised section follows it as it was.
                text.Append(plan.Suffix);
                var percent = progress.Update(plan.Suffix);
                await log.AppendAsync(reportId, plan.Suffix, percent, stopping);
                report = report with { Length = text.Length, Progress = percent };
            }
            var html = text.ToString();
            if (await leases.HasLostAsync(reportId, CancellationToken.None))
                throw new InvalidOperationException("Another instance has taken this report over."); // it stalled: never declare it done
            report = report with { Status = ReportStatus.Done, Progress = 100, Length = html.Length, CompletedAt = time.GetUtcNow() };
            await saves.SaveAsync(report, html, CancellationToken.None); // durable before anyone hears "done"
            await log.EndAsync(reportId, new LogEnd(ReportStatus.Done), CancellationToken.None);
            LogFinished(reportId, html.Length);
            metrics.GenerationEnded(ReportStatus.Done);
        }
        catch (OperationCanceledException) when (job.CancelledByUser)
        {
            await saves.SettleAsync();
            report = WithUnreportedOutput(report, earlier, used, text.Length - seed.Length);
            report = await StopAsync(report, text, ReportStatus.Cancelled, "Stopped by request before it was finished.", retryable: true, stopping: CancellationToken.None);
            metrics.GenerationEnded(ReportStatus.Cancelled);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The server is shutting down: keep the text and the status, so the next start continues it.
            await saves.SettleAsync();
            await store.UpdateAsync(report with { Length = text.Length }, text.ToString(), CancellationToken.None);
            LogInterrupted(reportId, text.Length);
            return true;
        }
        catch (Exception ex)
        {
            if (await LostOrUnknownAsync(reportId, ex))
            {
                metrics.Error(ErrorKinds.Abandoned);
                return true;
            }
            LogFailed(ex, reportId);
            metrics.Error(ErrorKinds.OfFailure(ex));
            await saves.SettleAsync();
            var (message, retryable) = ex is ReportNotSavedException ? (ex.Message, true) : WriterFailure.Describe(ex);
            report = WithUnreportedOutput(report, earlier, used, text.Length - seed.Length);
            report = await StopAsync(report, text, ReportStatus.Failed, message, retryable, storeIsDown: ex is ReportNotSavedException, stopping);
            metrics.GenerationEnded(ReportStatus.Failed);
        }
        finally
        {
            metrics.EndRelay(reportId, relay);
            if (used is not null)
                metrics.TokensUsed(used);
            try
            {
                await leases.ReleaseAsync(reportId, CancellationToken.None);
            }
            finally
            {
                running.Unregister(reportId, job);
            }
        }
        if (used is not null && report.Owner is { } owner)
            await CountUsageAsync(owner.Id, used);
        await PublishAsync(report, CancellationToken.None);
        return true;
    }

    private static Usage Tally(Usage? earlier, Usage run) => earlier is null ? run : earlier.Plus(run);

    /// <summary>
    /// A run stopped before its writer said what it cost (a model reports output tokens at the end of a response):
    /// its output is counted from the characters it wrote, about four to a token, so a report stopped and continued
    /// shows what all of it cost.
    /// </summary>
    private Report WithUnreportedOutput(Report report, Usage? earlier, Usage? used, int written)
    {
        if (written <= 0 || (used is not null && used.OutputTokens > 0))
            return report;
        var estimate = new Usage(used?.Model ?? writer.Model, used?.InputTokens ?? 0, (written + 3) / 4) { StopReason = used?.StopReason };
        return report with { Usage = Tally(earlier, estimate) };
    }

    /// <summary>The part of <paramref name="delta"/> that fits under the length limit, never half a surrogate pair.</summary>
    private string WithinLimit(string delta, int length)
    {
        var room = options.Value.MaxReportChars - length;
        if (delta.Length <= room)
            return delta;
        if (room <= 0)
            return "";
        return delta[..(char.IsHighSurrogate(delta[room - 1]) ? room - 1 : room)];
    }

    /// <summary>
    /// Whether the run must leave the report alone: another instance took it over, or the shared state that would
    /// say so does not answer (Redis frozen or gone). Then the report stays active, and once its lease lapses
    /// whichever instance takes it over continues it from its log; writing "failed" over it would be wrong.
    /// </summary>
    private async Task<bool> LostOrUnknownAsync(string reportId, Exception failure)
    {
        try
        {
            if (!await leases.HasLostAsync(reportId, CancellationToken.None))
                return false;
            LogAbandoned(reportId); // another instance writes it now: leave the store and the log to it
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnreachable(ex, reportId, failure.Message);
        }
        return true;
    }

    private async Task<Report> StopAsync(Report report, ReportText text, ReportStatus status, string message, bool retryable, bool storeIsDown = false, CancellationToken stopping = default)
    {
        report = report with { Status = status, Error = message, Length = text.Length, CompletedAt = time.GetUtcNow() };
        if (storeIsDown)
        {
            await StopWhileStoreIsDownAsync(report, text.ToString(), new LogEnd(status, message, retryable), stopping);
            return report;
        }
        await store.UpdateAsync(report, text.ToString(), CancellationToken.None);
        await log.EndAsync(report.Id, new LogEnd(status, message, retryable), CancellationToken.None);
        return report;
    }

    /// <summary>
    /// Viewers and the hub hear at once why the report stopped; the store hears it once it takes writes again
    /// (tried with back-off until then, or until shutdown, after which the next start resumes the report).
    /// </summary>
    private async Task StopWhileStoreIsDownAsync(Report report, string text, LogEnd end, CancellationToken stopping)
    {
        await log.EndAsync(report.Id, end, CancellationToken.None);
        await PublishAsync(report, CancellationToken.None);
        var wait = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                await store.UpdateAsync(report, text, stopping);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                LogStopNotStored(ex, report.Id);
            }
            try
            {
                await Task.Delay(wait, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    /// <summary>The text of <paramref name="version"/> written before this run: the log's when it has that version's, else the store's.</summary>
    private async Task<string> CurrentTextAsync(string reportId, int version, CancellationToken cancellationToken)
    {
        var slice = await log.ReadAsync(reportId, 0, int.MaxValue, cancellationToken);
        if (slice is { End: null } && slice.Version == version)
            return slice.Text;
        var stored = await store.GetTextAsync(reportId, version, cancellationToken) ?? "";
        await log.OpenAsync(reportId, version, stored, resumed: false, cancellationToken);
        return stored;
    }

    /// <summary>Adds a run's tokens to its owner's day; a failure to count is logged, never the report's failure.</summary>
    private async Task CountUsageAsync(string ownerId, Usage used)
    {
        try
        {
            await ledger.AddAsync(ownerId, used, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUsageNotCounted(ex, ownerId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The tokens of a run could not be counted for {UserId}")]
    private partial void LogUsageNotCounted(Exception exception, string userId);

    private ValueTask PublishAsync(Report report, CancellationToken cancellationToken) =>
        hub.PublishAsync(HubMessage.Changed(report.ToEntry()), cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} reached the length limit at {Length} characters; it is kept as truncated")]
    private partial void LogLengthLimit(string reportId, int length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} finished: {Length} characters")]
    private partial void LogFinished(string reportId, int length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} interrupted by shutdown after {Length} characters; it continues on the next start")]
    private partial void LogInterrupted(string reportId, int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} abandoned: another instance took it over")]
    private partial void LogAbandoned(string reportId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Report {ReportId} failed because it could not be saved; storing its failure failed too and is tried again")]
    private partial void LogStopNotStored(Exception exception, string reportId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} stopped here ({Failure}) and its lease cannot be checked; it continues wherever it is taken over")]
    private partial void LogUnreachable(Exception exception, string reportId, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} failed")]
    private partial void LogFailed(Exception exception, string reportId);
}
