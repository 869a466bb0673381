using System.Net;
using System.Net.Http.Json;
using Blazar.Tests.Infrastructure;
using Blazar.Testing;

namespace Blazar.Tests.Accounts;

/// <summary>Host checked against AllowedHosts (no DNS rebinding); forwarded headers only from configured proxies.</summary>
public sealed class CrossSiteTests
{
    [Fact]
    public async Task A_request_for_another_host_is_refused_even_with_a_matching_origin()
    {
        await using var server = await BlazarServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(Api.ChurnSpec) };
        request.Headers.Host = "evil.test";
        request.Headers.Add("Origin", "http://evil.test");

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await server.Client.GetFromJsonAsync<object[]>("/api/reports?scope=all") ?? []);
        using var local = new HttpRequestMessage(HttpMethod.Get, "/healthz/live");
        local.Headers.Host = $"localhost:{server.BaseAddress.Port}";
        using var allowed = await server.Client.SendAsync(local);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Forwarded_https_is_honoured_only_from_a_configured_proxy()
    {
        await using var direct = await BlazarServer.StartAsync();
        await using var proxied = await BlazarServer.StartAsync(new Dictionary<string, string> { ["Proxies"] = "127.0.0.1, ::1" });

        Assert.DoesNotContain("secure", await SessionCookieAsync(direct), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", await SessionCookieAsync(proxied), StringComparison.OrdinalIgnoreCase);

        // Behind the proxy the browser's origin is https: the same-origin guard sees the scheme the proxy saw.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(Api.ChurnSpec) };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("Origin", $"https://{proxied.BaseAddress.Authority}");
        using var created = await proxied.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
    }

    private static async Task<string> SessionCookieAsync(BlazarServer server)
    {
        using var client = People.CookieClient(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/login")
        {
            Content = JsonContent.Create(new { email = TestAccounts.AdminEmail, password = TestAccounts.AdminPassword }),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("blazar.session=", StringComparison.Ordinal));
    }
}
