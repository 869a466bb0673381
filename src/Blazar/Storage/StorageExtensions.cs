using Blazar.Hub;
using Blazar.Streaming;

namespace Blazar.Storage;

internal static class StorageExtensions
{
    /// <summary>Registers the report store, the chunk log and the hub feed chosen by <c>Blazar:Storage</c>.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var storage = builder.Configuration["Blazar:Storage"]?.Trim().ToLowerInvariant() ?? "sqlite";
        switch (storage)
        {
            case "" or "sqlite":
                builder.Services.AddOptions<SqliteOptions>().Bind(builder.Configuration.GetSection("Blazar:Sqlite")).ValidateDataAnnotations().ValidateOnStart();
                builder.Services.AddSingleton<IReportStore, SqliteReportStore>();
                builder.Services.AddSingleton<IChunkLog, MemoryChunkLog>();
                builder.Services.AddSingleton<IHubFeed, MemoryHubFeed>();
                break;
            case "redis":
                builder.AddRedisStorage();
                break;
            default:
                throw new InvalidOperationException($"Blazar:Storage must be 'sqlite' or 'redis', not '{storage}'.");
        }
        builder.Services.AddSingleton<ReportFeed>();
        return builder;
    }
}
