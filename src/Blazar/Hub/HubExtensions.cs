using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blazar.Hub;

internal static class HubExtensions
{
    /// <summary>Registers the in-process hub feed, unless a shared feed (Redis) was registered first.</summary>
    public static IHostApplicationBuilder AddHub(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<IHubFeed, MemoryHubFeed>();
        return builder;
    }
}
