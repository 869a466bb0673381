using Blazar.Generation;
using Blazar.Hub;
using Blazar.Streaming;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Blazar.Redis;

internal static class RedisExtensions
{
    /// <summary>
    /// Puts the chunk log and the hub feed in Redis, so several instances share them, and lets instances claim
    /// reports with leases and take over the reports of an instance that died. Reports themselves stay in the
    /// database (PostgreSQL when there are several instances).
    /// </summary>
    public static IHostApplicationBuilder AddRedis(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RedisOptions>().Bind(builder.Configuration.GetSection("Blazar:Redis")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RedisKeys>();
        // One multiplexer per instance: every command and every subscription share its two connections.
        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            var configuration = ConfigurationOptions.Parse(provider.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration!);
            configuration.ClientName ??= "blazar";
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.AddSingleton<RedisLogFollowers>();
        services.AddSingleton<RedisChunkLog>();
        services.AddSingleton<IChunkLog>(provider => provider.GetRequiredService<RedisChunkLog>());
        services.AddSingleton<IHubFeed, RedisHubFeed>();
        services.AddSingleton<RedisGenerationLeases>();
        services.AddSingleton<IGenerationLeases>(provider => provider.GetRequiredService<RedisGenerationLeases>());
        services.AddHostedService<GenerationTakeover>();
        return builder;
    }
}
