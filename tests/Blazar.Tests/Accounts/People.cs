using System.Net;
using System.Net.Http.Json;
using Blazar.Tests.Infrastructure;
using Blazar.Testing;

namespace Blazar.Tests.Accounts;

/// <summary>Signed-in clients of a test server: by session cookie (as a browser) or by API token (as a script).</summary>
internal static class People
{
    public const string Password = "a long enough password";

    /// <summary>A client with its own cookie jar, signed in as <paramref name="email"/> through <c>POST /api/account/login</c>.</summary>
    public static async Task<HttpClient> SignInAsync(BlazarServer server, string email, string password = Password)
    {
        var client = CookieClient(server);
        using var response = await client.PostAsJsonAsync("/api/account/login", new { email, password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    /// <summary>A client with a cookie jar and nobody signed in; it does not follow redirects.</summary>
    public static HttpClient CookieClient(BlazarServer server) =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A client that sends <paramref name="token"/> and no cookie; it does not follow redirects.</summary>
    public static HttpClient TokenClient(BlazarServer server, string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
            TestAccounts.Authorize(client, token);
        return client;
    }

    /// <summary>Creates a member (or admin) and returns their id.</summary>
    public static Task<string> CreateAsync(BlazarServer server, string email, string role = "member") =>
        TestAccounts.CreatePersonAsync(server.Services, email, Password, role);

    public static async Task SetVisibilityAsync(HttpClient owner, string reportId, string visibility)
    {
        using var response = await owner.PatchAsJsonAsync($"/api/reports/{reportId}", new { visibility });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
