using System.Net;
using System.Net.Http.Json;
using Blazar.Accounts;
using Microsoft.Playwright;

namespace Blazar.BrowserTests;

/// <summary>A signed-in session: the cookie one sign-in gives, which a browser context or an HttpClient can carry.</summary>
public static class BrowserSession
{
    /// <summary>Signs in over HTTP and returns the session cookie's value.</summary>
    public static async Task<string> SignInAsync(Uri baseAddress, string email, string password)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseAddress };
        using var response = await http.PostAsJsonAsync("/api/account/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return cookies.GetCookies(baseAddress)[SignInCookie.Name]?.Value ?? throw new InvalidOperationException("Signing in gave no session cookie.");
    }

    /// <summary>Puts the session cookie into a browser context, so its pages are signed in.</summary>
    public static Task AddAsync(IBrowserContext context, Uri baseAddress, string session) =>
        context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = SignInCookie.Name, Value = session, Url = baseAddress.GetLeftPart(UriPartial.Authority) + "/" }]);
}
