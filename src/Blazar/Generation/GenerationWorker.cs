using Microsoft.Extensions.Options;

namespace Blazar.Generation;

/// <summary>Takes reports off the queue and writes up to <c>MaxConcurrentGenerations</c> of them at once.</summary>
internal sealed partial class GenerationWorker(GenerationQueue queue, GenerationRunner runner, IOptions<GenerationOptions> options, ILogger<GenerationWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            queue.DequeueAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentGenerations, CancellationToken = stoppingToken },
            async (reportId, _) =>
            {
                try
                {
                    await runner.RunAsync(reportId, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The store or the log failed under the run (e.g. Redis unreachable): the report stays active,
                    // to be resumed (recovery, or takeover once its lease lapses); the other reports go on.
                    LogRunFailed(ex, reportId);
                }
            });

    [LoggerMessage(Level = LogLevel.Error, Message = "The run of report {ReportId} failed and left it unfinished")]
    private partial void LogRunFailed(Exception exception, string reportId);
}
