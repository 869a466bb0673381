using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Storage;
using Blazar.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Tests.Accounts;

/// <summary>
/// OpenID Connect sign-in against a real provider started for the test (<see cref="OidcProvider"/>), followed hop by
/// hop as a browser would: Blazar → the provider → Blazar's callback → where the person was going.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private OidcProvider _provider = null!;
    private BlazarServer _server = null!;

    public async Task InitializeAsync()
    {
        _provider = await OidcProvider.StartAsync();
        _server = await BlazarServer.StartAsync(_provider.Settings);
        await _provider.RegisterClientAsync(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task An_invited_person_signs_in_with_the_provider_lands_where_they_were_going_and_is_known_by_the_provider_afterwards()
    {
        var invitation = await InviteAsync("grace@blazar.test");
        _provider.SignedIn = new ProviderPerson("sub-grace", "Grace@Blazar.test", EmailVerified: true, "Grace Hopper");
        var methods = await _server.Client.GetFromJsonAsync<JsonElement>("/api/account/sign-in-methods");
        Assert.Equal("Test ID", methods.GetProperty("oidc").GetProperty("displayName").GetString());

        using var browser = People.CookieClient(_server);
        var landed = await FollowAsync(browser, "/login/oidc?returnUrl=%2Faccount%3Ftab%3Dtokens");

        Assert.Equal("/account?tab=tokens", landed.PathAndQuery);
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/account");
        Assert.Equal("grace@blazar.test", me.GetProperty("email").GetString());
        Assert.Equal("Grace Hopper", me.GetProperty("displayName").GetString());
        Assert.Equal("member", me.GetProperty("role").GetString());
        using (var used = await People.TokenClient(_server, null).GetAsync($"/api/invitations/{invitation}"))
            Assert.Equal(HttpStatusCode.NotFound, used.StatusCode);

        // Later, in another browser, the provider's email has changed: the sign-in is known by its subject.
        _provider.SignedIn = new ProviderPerson("sub-grace", "grace@elsewhere.test", EmailVerified: true, "Grace Hopper");
        using var later = People.CookieClient(_server);
        Assert.Equal("/", (await FollowAsync(later, "/login/oidc")).PathAndQuery);
        Assert.Equal(me.GetProperty("id").GetString(), (await later.GetFromJsonAsync<JsonElement>("/api/account")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Someone_without_an_invitation_is_refused_with_a_reason_and_an_existing_account_is_not_taken_over_by_email()
    {
        await People.CreateAsync(_server, "member@blazar.test");
        foreach (var person in new[]
        {
            new ProviderPerson("sub-stranger", "stranger@blazar.test", EmailVerified: true, "Stranger"),
            new ProviderPerson("sub-impostor", "member@blazar.test", EmailVerified: true, "Impostor"),
        })
        {
            _provider.SignedIn = person;
            using var browser = People.CookieClient(_server);

            var landed = await FollowAsync(browser, "/login/oidc?returnUrl=%2F");

            Assert.Equal("/login?error=oidc-unknown", landed.PathAndQuery);
            using var me = await browser.GetAsync("/api/account");
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }
        await using var scope = _server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BlazarUser>>();
        Assert.Null(await users.FindByEmailAsync("stranger@blazar.test"));
        Assert.Empty(await users.GetLoginsAsync((await users.FindByEmailAsync("member@blazar.test"))!));
        using var password = await People.SignInAsync(_server, "member@blazar.test"); // still theirs
    }

    [Fact]
    public async Task An_email_the_provider_has_not_verified_does_not_use_the_invitation()
    {
        var invitation = await InviteAsync("ada@blazar.test");
        _provider.SignedIn = new ProviderPerson("sub-ada", "ada@blazar.test", EmailVerified: false, "Ada");
        using var browser = People.CookieClient(_server);

        Assert.Equal("/login?error=oidc-unverified", (await FollowAsync(browser, "/login/oidc")).PathAndQuery);

        using var open = await People.TokenClient(_server, null).GetAsync($"/api/invitations/{invitation}");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task A_callback_with_a_tampered_state_or_carried_to_another_browser_signs_nobody_in()
    {
        await InviteAsync("lin@blazar.test");
        _provider.SignedIn = new ProviderPerson("sub-lin", "lin@blazar.test", EmailVerified: true, "Lin");
        using var browser = People.CookieClient(_server);
        var callback = await FollowAsync(browser, "/login/oidc", stopAt: uri => uri.AbsolutePath == "/signin-oidc");
        Assert.Equal(_server.BaseAddress.Authority, callback.Authority);

        // Another browser (an attacker's link, say) has neither the correlation nor the nonce cookie.
        using var other = People.CookieClient(_server);
        Assert.Equal("/login?error=oidc-failed", (await FollowAsync(other, callback.PathAndQuery)).PathAndQuery);
        using (var otherMe = await other.GetAsync("/api/account"))
            Assert.Equal(HttpStatusCode.Unauthorized, otherMe.StatusCode);

        var query = QueryHelpers.ParseQuery(callback.Query);
        var tampered = QueryHelpers.AddQueryString("/signin-oidc", new Dictionary<string, string?>
        {
            ["code"] = query["code"],
            ["state"] = query["state"].ToString()[..^4] + "AAAA",
            ["iss"] = query["iss"],
        });
        Assert.Equal("/login?error=oidc-failed", (await FollowAsync(browser, tampered)).PathAndQuery);
        using (var tamperedMe = await browser.GetAsync("/api/account"))
            Assert.Equal(HttpStatusCode.Unauthorized, tamperedMe.StatusCode);

        // The browser that started it, with the callback as the provider sent it, is signed in.
        Assert.Equal("/", (await FollowAsync(browser, callback.PathAndQuery)).PathAndQuery);
        Assert.Equal("lin@blazar.test", (await browser.GetFromJsonAsync<JsonElement>("/api/account")).GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_return_address_on_another_site_is_replaced_by_the_hub()
    {
        await InviteAsync("mo@blazar.test");
        _provider.SignedIn = new ProviderPerson("sub-mo", "mo@blazar.test", EmailVerified: true, "Mo");
        using var browser = People.CookieClient(_server);

        var landed = await FollowAsync(browser, "/login/oidc?returnUrl=%2F%2Fevil.test%2Fphish");

        Assert.Equal(_server.BaseAddress.Authority, landed.Authority);
        Assert.Equal("/", landed.PathAndQuery);
    }

    private async Task<string> InviteAsync(string email)
    {
        using var response = await _server.Client.PostAsJsonAsync("/api/invitations", new { email, role = "member" });
        response.EnsureSuccessStatusCode();
        var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        return url[(url.LastIndexOf('/') + 1)..];
    }

    /// <summary>
    /// Follows redirects from <paramref name="path"/> across Blazar and the provider with the client's cookies, and
    /// returns where they end (or the first address <paramref name="stopAt"/> picks, unvisited).
    /// </summary>
    private async Task<Uri> FollowAsync(HttpClient browser, string path, Func<Uri, bool>? stopAt = null)
    {
        var next = new Uri(_server.BaseAddress, path);
        for (var hop = 0; hop < 10; hop++)
        {
            if (stopAt?.Invoke(next) == true)
                return next;
            using var response = await browser.GetAsync(next);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.RedirectKeepVerb))
            {
                Assert.True(response.IsSuccessStatusCode, $"{next} answered {(int)response.StatusCode}");
                return next;
            }
            next = new Uri(next, response.Headers.Location!);
        }
        throw new InvalidOperationException($"More than 10 redirects, the last to {next}.");
    }
}
