using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
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
        // A viewer's flush sends on the thread that flushed, rather than queueing the send for Kestrel's I/O threads:
        // one chunk to 10,000 viewers otherwise held a 4 KiB buffer per viewer until its queued send ran (the pool
        // then kept all of them), and every event paid one more thread hop. Socket completions still arrive on the
        // thread pool, never on the socket engine's own thread, so a request that blocks holds up only itself.
        builder.Services.Configure<SocketTransportOptions>(o => o.UnsafePreferInlineScheduling = true);
        return builder;
    }
}
