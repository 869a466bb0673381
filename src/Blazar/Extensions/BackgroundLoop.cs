namespace Blazar.Extensions;

/// <summary>
/// A background service whose stop is not an error. Left to <see cref="BackgroundService"/>, a loop that ends by its
/// stopping token's exception is a cancelled task, which the host reports as a failed service ("BackgroundService
/// failed", critical) when it stops because the start failed, such as on a port already in use.
/// </summary>
internal abstract class BackgroundLoop : BackgroundService
{
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>The service's work, until <paramref name="stoppingToken"/> asks it to stop.</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);
}
