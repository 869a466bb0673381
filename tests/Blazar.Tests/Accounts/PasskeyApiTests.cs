using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Blazar.Storage;
using Blazar.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Tests.Accounts;

/// <summary>
/// The passkey endpoints over HTTP: what a ceremony starts with, and what is refused before any authenticator is
/// asked (making and using credentials is tested in Chromium, with its virtual authenticator).
/// </summary>
public sealed class PasskeyApiTests
{
    [Fact]
    public async Task Request_options_carry_a_fresh_challenge_for_this_host_and_a_short_lived_HttpOnly_ceremony_cookie()
    {
        await using var server = await BlazarServer.StartAsync();
        using var client = People.CookieClient(server);

        using var first = await client.PostAsync("/api/account/passkeys/request-options", null);
        using var second = await client.PostAsync("/api/account/passkeys/request-options", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var options = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(server.BaseAddress.Host, options.GetProperty("rpId").GetString());
        Assert.NotEqual(options.GetProperty("challenge").GetString(), (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("challenge").GetString());
        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith("blazar.passkey=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_credential_without_a_ceremony_or_without_a_body_is_a_400_with_field_errors_and_signs_nobody_in()
    {
        await using var server = await BlazarServer.StartAsync();
        using var client = People.CookieClient(server);

        using var unasked = await client.PostAsJsonAsync("/api/account/passkeys/login", new { credential = new { id = "AAAA", type = "public-key" } });
        using var empty = await client.PostAsJsonAsync("/api/account/passkeys/login", new { });

        foreach (var response in new[] { unasked, empty })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("credential", out _));
        }
        using var me = await client.GetAsync("/api/account");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task A_made_up_credential_after_real_options_is_401()
    {
        await using var server = await BlazarServer.StartAsync();
        using var client = People.CookieClient(server);
        using (var options = await client.PostAsync("/api/account/passkeys/request-options", null))
            Assert.Equal(HttpStatusCode.OK, options.StatusCode);

        using var forged = await client.PostAsJsonAsync("/api/account/passkeys/login", new
        {
            credential = new
            {
                id = "AAAAAAAAAAAAAAAAAAAAAA",
                rawId = "AAAAAAAAAAAAAAAAAAAAAA",
                type = "public-key",
                response = new { clientDataJSON = "e30", authenticatorData = "AAAA", signature = "AAAA" },
                clientExtensionResults = new { },
            },
        });

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task Passkey_sign_in_is_refused_from_another_origin_and_rate_limited_like_password_sign_in()
    {
        var settings = new Dictionary<string, string> { ["RateLimits:SignInPerMinute"] = "3" };
        await using var server = await BlazarServer.StartAsync(settings);
        using var client = People.CookieClient(server);

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/passkeys/request-options") { Content = new StringContent("{}", Encoding.UTF8, "application/json") })
        {
            request.Headers.Add("Origin", "http://evil.test");
            using var crossSite = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        }
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsync("/api/account/passkeys/request-options", null);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Passkeys_of_the_signed_in_person_only_and_an_unknown_one_cannot_be_removed()
    {
        await using var server = await BlazarServer.StartAsync();
        await People.CreateAsync(server, "member@blazar.test");
        using var member = await People.SignInAsync(server, "member@blazar.test");

        Assert.Empty(await member.GetFromJsonAsync<JsonElement[]>("/api/account/passkeys") ?? []);
        using var unknown = await member.DeleteAsync("/api/account/passkeys/AAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var garbage = await member.DeleteAsync("/api/account/passkeys/not*base64url");
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
        using var creation = await member.PostAsync("/api/account/passkeys/creation-options", null);
        var options = await creation.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("member@blazar.test", options.GetProperty("user").GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_only_passkey_of_an_account_without_a_password_cannot_be_removed_but_one_of_two_can()
    {
        await using var server = await BlazarServer.StartAsync();
        string id;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BlazarUser>>();
            var (user, _) = await server.Services.GetRequiredService<Blazar.Accounts.People>().CreateAsync(users, "keyonly@blazar.test", password: null, null, "member");
            id = user!.Id;
            foreach (var name in new[] { "Phone", "Laptop" })
            {
                var passkey = new UserPasskeyInfo(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(77), DateTimeOffset.UtcNow, 0, ["internal"],
                    isUserVerified: true, isBackupEligible: false, isBackedUp: false, attestationObject: [1], clientDataJson: [2]) { Name = name };
                Assert.True((await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded);
            }
        }
        using var client = People.TokenClient(server, await TestAccounts.TokenAsync(server.Services, "keyonly@blazar.test"));
        var passkeys = await client.GetFromJsonAsync<JsonElement[]>("/api/account/passkeys");
        Assert.Equal(2, passkeys!.Length);

        using (var first = await client.DeleteAsync($"/api/account/passkeys/{passkeys[0].GetProperty("id").GetString()}"))
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        using var last = await client.DeleteAsync($"/api/account/passkeys/{passkeys[1].GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.Single(await client.GetFromJsonAsync<JsonElement[]>("/api/account/passkeys") ?? []);
    }
}
