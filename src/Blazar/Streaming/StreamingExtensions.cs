using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blazar.Streaming;

internal static class StreamingExtensions
{
    /// <summary>Registers the report feed and the in-process chunk log, unless a shared log (Redis) was registered first.</summary>
    public static IHostApplicationBuilder AddStreaming(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StreamingOptions>().Bind(builder.Configuration.GetSection("Blazar")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<IChunkLog, MemoryChunkLog>();
        builder.Services.AddSingleton<StoredTexts>();
        builder.Services.AddSingleton<ReportFeed>();
        builder.Services.AddSingleton<ReportBroadcasts>();
        return builder;
    }
}
