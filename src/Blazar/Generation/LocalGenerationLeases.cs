namespace Blazar.Generation;

/// <summary>One process, no one to share with: every report is this process's own.</summary>
internal sealed class LocalGenerationLeases : IGenerationLeases
{
    public ValueTask<bool> TryAcquireAsync(string reportId, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public ValueTask ReleaseAsync(string reportId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<bool> HasLostAsync(string reportId, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public ValueTask<bool> RequestCancelAsync(string reportId, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public ValueTask<bool> TakeCancelRequestAsync(string reportId, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
