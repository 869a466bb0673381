using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Blazar.Extensions;

/// <summary>
/// Behind a TLS-terminating proxy: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are honoured only from the
/// addresses or networks <c>Blazar:Proxies</c> lists (<c>10.0.0.5</c>, <c>10.0.0.0/8</c>; an array or one
/// comma-separated value). With none listed, no forwarded header is honoured, loopback included.
/// </summary>
internal static class ProxyHeaders
{
    public static IHostApplicationBuilder AddProxyHeaders(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Blazar:Proxies");
        var listed = section.Get<string[]>() ?? [];
        if (section.Value is { } one)
            listed = [.. listed, .. one.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // With no proxy listed the middleware would trust every address, so then it reads nothing at all.
            o.ForwardedHeaders = listed.Length == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var entry in listed)
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network) && entry.Contains('/', StringComparison.Ordinal))
                    o.KnownIPNetworks.Add(network);
                else if (IPAddress.TryParse(entry, out var address))
                    o.KnownProxies.Add(address);
                else
                    throw new InvalidOperationException($"Blazar:Proxies: \"{entry}\" is neither an IP address nor a network such as 10.0.0.0/8.");
            }
        });
        return builder;
    }
}
