using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Blazar.Redis;

/// <summary>
/// With several instances: keeps this instance's leases alive, and takes over the reports whose owner stopped
/// renewing them (it died). A report taken over continues from the text in its log, under the same id.
/// </summary>
internal sealed partial class GenerationTakeover(
    RedisGenerationLeases leases,
    IReportStore store,
    GenerationRecovery recovery,
    RunningGenerations running,
    IOptions<RedisOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    BlazarMetrics metrics,
    ILogger<GenerationTakeover> logger) : BackgroundLoop
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        // Renew three times per lease, so one slow round trip never lets a lease lapse.
        using var timer = new PeriodicTimer(options.Value.Lease / 3, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await leases.RenewAsync(stoppingToken);
                await TakeOverOrphansAsync(stoppingToken);
            }
            catch (Exception ex) when ((RedisFaults.IsTransient(ex) || ex is System.Data.Common.DbException) && !stoppingToken.IsCancellationRequested)
            {
                // Redis or the database is restarting, unreachable or frozen: try again on the next tick. (An exception that left
                // this loop would stop the host, and every report this instance is writing with it.)
                metrics.Error(ErrorKinds.SharedState);
                LogUnavailable(ex);
            }
        }
    }

    private async Task TakeOverOrphansAsync(CancellationToken cancellationToken)
    {
        var active = (await store.ListActiveAsync(cancellationToken)).Select(r => r.Id).ToList();
        foreach (var reportId in await leases.FindOrphansAsync(active, cancellationToken))
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
                return; // the reports this instance lets go while it stops are for the others to take

            if (running.IsRunning(reportId))
                continue; // its lease lapsed under a run of this instance, which stops at its next append
            try
            {
                if (await store.GetAsync(reportId, cancellationToken) is not { } report || !report.Status.IsActive())
                    continue;
                if (await recovery.ResumeAsync(report, cancellationToken))
                    LogTakenOver(reportId);
            }
            catch (Exception ex) when (!RedisFaults.IsTransient(ex) && ex is not OperationCanceledException)
            {
                LogTakeoverFailed(ex, reportId); // this report's trouble (a row that does not read) must not stop the others
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not take over report {ReportId}")]
    private partial void LogTakeoverFailed(Exception exception, string reportId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over report {ReportId}: its instance stopped renewing its lease")]
    private partial void LogTakenOver(string reportId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew leases or look for orphaned reports")]
    private partial void LogUnavailable(Exception exception);
}
