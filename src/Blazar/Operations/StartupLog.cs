using Blazar.Storage;
using Blazar.Writers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;

namespace Blazar.Operations;

/// <summary>Once the server listens, one line says what this instance runs on: writer, model, storage, streams, URLs.</summary>
internal sealed partial class StartupLog(
    IHostApplicationLifetime lifetime,
    IServer server,
    IConfiguration configuration,
    IChatClient model,
    ILogger<StartupLog> logger) : IHostedService
{
    private CancellationTokenRegistration _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(Log);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        return Task.CompletedTask;
    }

    private void Log()
    {
        if (!logger.IsEnabled(LogLevel.Information))
            return;
        var writer = WriterOptions.Chosen(configuration);
        var modelId = model.GetService<ChatClientMetadata>()?.DefaultModelId ?? (writer == "offline" ? "offline" : "unknown");
        var (storage, streams) = StorageChoice.From(configuration);
        var urls = string.Join(", ", server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        LogStarted(writer, modelId, storage, streams, urls);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Blazar started: writer {Writer}, model {Model}, storage {Storage}, streams {Streams}, listening on {Urls}")]
    private partial void LogStarted(string writer, string model, string storage, string streams, string urls);
}
