using Microsoft.Extensions.Options;

namespace Blazar.Generation;

/// <summary>Takes reports off the queue and writes up to <c>MaxConcurrentGenerations</c> of them at once.</summary>
internal sealed class GenerationWorker(GenerationQueue queue, GenerationRunner runner, IOptions<GenerationOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            queue.DequeueAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentGenerations, CancellationToken = stoppingToken },
            async (reportId, _) => await runner.RunAsync(reportId, stoppingToken));
}
