using Blazar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Blazar.Tests.Operations;

/// <summary>Blazar's background services end cleanly when the host stops them.</summary>
public sealed class BackgroundStopTests
{
    [Fact]
    public async Task A_stopped_background_service_has_finished_not_been_cancelled()
    {
        // A cancelled one is what the host logs as "BackgroundService failed" (critical) when a start fails, on a port in use say.
        var server = await BlazarServer.StartAsync();
        var services = server.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        Assert.Contains(services, s => s.GetType().Name == "GenerationWorker");
        await server.DisposeAsync();

        Assert.All(services, s => Assert.True(s.ExecuteTask is null or { IsCompletedSuccessfully: true }, $"{s.GetType().Name}: {s.ExecuteTask?.Status}"));
    }
}
