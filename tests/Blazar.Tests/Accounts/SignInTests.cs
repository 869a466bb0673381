using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Tests.Infrastructure;
using Blazar.Testing;

namespace Blazar.Tests.Accounts;

/// <summary>Sign-in, sign-out, who am I, lockout, first-run setup and what anonymous callers get.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task Signing_in_sets_an_HttpOnly_Lax_cookie_and_the_account_says_who_you_are()
    {
        await using var server = await BlazarServer.StartAsync();
        using var client = People.CookieClient(server);

        using var login = await client.PostAsJsonAsync("/api/account/login", new { email = TestAccounts.AdminEmail, password = TestAccounts.AdminPassword });

        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("blazar.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain HTTP here; Secure under HTTPS
        var me = await client.GetFromJsonAsync<JsonElement>("/api/account");
        Assert.Equal(TestAccounts.AdminEmail, me.GetProperty("email").GetString());
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty(me.GetProperty("id").GetString()));
        Assert.Equal("admin", me.GetProperty("displayName").GetString());

        using var logout = await client.PostAsync("/api/account/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var after = await client.GetAsync("/api/account");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Wrong_credentials_are_401_and_five_in_a_row_lock_the_account_with_429_and_Retry_After()
    {
        await using var server = await BlazarServer.StartAsync();
        await People.CreateAsync(server, "member@blazar.test");
        using var client = People.CookieClient(server);

        using (var unknown = await client.PostAsJsonAsync("/api/account/login", new { email = "nobody@blazar.test", password = "whatever it is" }))
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        for (var i = 1; i <= 4; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/account/login", new { email = "member@blazar.test", password = "not the password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        }
        using var fifth = await client.PostAsJsonAsync("/api/account/login", new { email = "member@blazar.test", password = "not the password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        using var right = await client.PostAsJsonAsync("/api/account/login", new { email = "member@blazar.test", password = People.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode); // locked even with the right password
        Assert.Equal("application/problem+json", right.Content.Headers.ContentType?.MediaType);
        var retryAfter = right.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter > TimeSpan.FromMinutes(4) && retryAfter <= TimeSpan.FromMinutes(5), $"Retry-After: {retryAfter}");
    }

    [Fact]
    public async Task Anonymous_API_calls_get_401_problem_json_and_pages_go_to_sign_in()
    {
        await using var server = await BlazarServer.StartAsync();
        using var anonymous = People.TokenClient(server, null);

        using var api = await anonymous.GetAsync("/api/reports");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        using var chat = await anonymous.PostAsJsonAsync("/api/chat", new { messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(HttpStatusCode.Unauthorized, chat.StatusCode);
        using var page = await anonymous.GetAsync("/account?tab=tokens");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?returnUrl=%2Faccount%3Ftab%3Dtokens", page.Headers.Location?.OriginalString);
        using var health = await anonymous.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var script = await anonymous.GetAsync("/js/app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task With_no_account_pages_lead_to_setup_which_makes_the_first_admin_once()
    {
        var settings = new Dictionary<string, string> { ["Auth:AdminEmail"] = "", ["Auth:AdminPassword"] = "" };
        await using var server = await BlazarServer.StartAsync(settings, adminToken: false);
        using var client = People.CookieClient(server);

        using (var hub = await client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, hub.StatusCode);
            Assert.Equal("/setup", hub.Headers.Location?.OriginalString);
        }
        Assert.True((await client.GetFromJsonAsync<JsonElement>("/api/setup")).GetProperty("needed").GetBoolean());
        using (var weak = await client.PostAsJsonAsync("/api/setup", new { email = "first@blazar.test", password = "short" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
            Assert.True((await weak.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("password", out _));
        }
        using (var setup = await client.PostAsJsonAsync("/api/setup", new { email = "first@blazar.test", password = "first password", displayName = "First" }))
            Assert.Equal(HttpStatusCode.NoContent, setup.StatusCode);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/account");
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal("First", me.GetProperty("displayName").GetString());
        using var second = await People.CookieClient(server).PostAsJsonAsync("/api/setup", new { email = "second@blazar.test", password = "second password" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.False((await client.GetFromJsonAsync<JsonElement>("/api/setup")).GetProperty("needed").GetBoolean());
    }
}
