using Blazar.Storage;

namespace Blazar.Generation;

/// <summary>Before anything is served: prepare the store, then pick up reports a previous run left unfinished.</summary>
internal sealed class StartupTasks(IReportStore store, GenerationRecovery recovery) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await recovery.RecoverAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
