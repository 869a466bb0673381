using Blazar.Extensions;
using Microsoft.Extensions.Options;

namespace Blazar.Generation;

/// <summary>Takes reports off the queue and writes up to <c>MaxConcurrentGenerations</c> of them at once.</summary>
internal sealed partial class GenerationWorker(
    GenerationQueue queue,
    GenerationRunner runner,
    IOptions<GenerationOptions> options,
    ILogger<GenerationWorker> logger) : BackgroundLoop
{
    protected override Task RunAsync(CancellationToken stoppingToken) =>
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
                    // One report's trouble (its store row or log vanished under it) must not stop the others.
                    LogJobFailed(ex, reportId);
                }
            });

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation of report {ReportId} ended with an error")]
    private partial void LogJobFailed(Exception exception, string reportId);
}
