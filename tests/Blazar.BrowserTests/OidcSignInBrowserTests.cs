using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>
/// "Sign in with Test ID" in Chromium, against a real OpenID Connect provider on loopback that approves whoever the
/// test names: the invited person lands in the hub as themselves; someone uninvited reads why they cannot.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class OidcSignInBrowserTests(BlazarBrowser blazar) : IAsyncLifetime
{
    private OidcProvider _provider = null!;
    private BlazarServer _server = null!;

    public async Task InitializeAsync()
    {
        _provider = await OidcProvider.StartAsync();
        _server = await BlazarServer.StartAsync(_provider.Settings, arguments: ["--environment", "Production"]);
        await _provider.RegisterClientAsync(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task The_invited_person_lands_in_the_hub_and_an_uninvited_one_is_told_to_ask_for_an_invitation()
    {
        using (var invited = await _server.Client.PostAsJsonAsync("/api/invitations", new { email = "kat@blazar.test", role = "member" }))
            invited.EnsureSuccessStatusCode();
        _provider.SignedIn = new ProviderPerson("sub-kat", "kat@blazar.test", EmailVerified: true, "Kat");

        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2F$"));
        await Expect(page.GetByTestId("oidc-sign-in")).ToHaveTextAsync("Sign in with Test ID");
        await BlazarBrowser.ScreenshotAsync(page, "login-oidc");
        await page.GetByTestId("oidc-sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(_server.BaseAddress.GetLeftPart(UriPartial.Authority))}/$"));
        await Expect(page.GetByTestId("account-link")).ToHaveTextAsync("Kat");

        _provider.SignedIn = new ProviderPerson("sub-eve", "eve@blazar.test", EmailVerified: true, "Eve");
        await using var strangerContext = await NewContextAsync(ColorScheme.Dark, 375, 812);
        var stranger = await strangerContext.NewPageAsync();
        await stranger.GotoAsync("/login");
        await stranger.GetByTestId("oidc-sign-in").ClickAsync();
        await Expect(stranger).ToHaveURLAsync(new Regex("/login\\?error=oidc-unknown$"));
        await Expect(stranger.Locator("#form-error")).ToHaveTextAsync(new Regex("no Blazar account for that sign-in.*invitation"));
        await BlazarBrowser.ScreenshotAsync(stranger, "login-oidc-refused-mobile-dark");
        await Expect(stranger.Locator("#form-error")).ToHaveTextAsync(new Regex("no Blazar account for that sign-in")); // nothing replaced it
        var account = await strangerContext.APIRequest.GetAsync("/api/account");
        Assert.Equal(401, account.Status);
    }

    private Task<IBrowserContext> NewContextAsync(ColorScheme scheme = ColorScheme.Light, int width = 1280, int height = 860) =>
        blazar.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _server.BaseAddress.ToString(),
            ColorScheme = scheme,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
}
