using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>
/// Passkeys made and used by Chromium's virtual authenticator (CDP <c>WebAuthn</c>), as a person with a phone or a
/// laptop's screen lock would. The pages are opened at <c>localhost</c>: WebAuthn takes no IP address as its
/// relying party, and Chromium counts http://localhost as a secure context.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class PasskeyTests(BlazarBrowser blazar)
{
    private string Localhost => $"http://localhost:{blazar.BaseAddress.Port}";

    [Fact]
    public async Task A_passkey_added_on_the_account_page_signs_in_and_once_removed_no_longer_does()
    {
        await TestAccounts.CreatePersonAsync(blazar.Server.Services, "lin@blazar.test", "lin's long password");
        await using var context = await NewContextAsync();
        // Only the button here: the virtual authenticator would answer the email box's suggestions by itself.
        await context.AddInitScriptAsync("PublicKeyCredential.isConditionalMediationAvailable = async () => false;");
        var page = await context.NewPageAsync();
        var authenticator = await AddAuthenticatorAsync(context, page);

        await page.GotoAsync("/account");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Faccount$"));
        await page.GetByTestId("login-email").FillAsync("lin@blazar.test");
        await page.GetByTestId("login-password").FillAsync("lin's long password");
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account$"));

        await page.GetByTestId("passkey-name").FillAsync("Lin's laptop <b>");
        await page.GetByTestId("passkey-add").ClickAsync();
        await Expect(page.GetByTestId("passkey-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("passkey-row").Locator("strong")).ToHaveTextAsync("Lin's laptop <b>"); // text, not markup
        Assert.Equal(1, await CredentialCountAsync(authenticator));
        await BlazarBrowser.ScreenshotAsync(page, "account-passkeys");

        await page.GetByTestId("nav-sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await Expect(page.GetByTestId("passkey-sign-in")).ToBeVisibleAsync();
        await BlazarBrowser.ScreenshotAsync(page, "login-passkey");
        await page.GetByTestId("passkey-sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.GetByTestId("account-link")).ToHaveTextAsync("lin");

        await page.GotoAsync("/account");
        await page.GetByTestId("passkey-remove").ClickAsync();
        await Expect(page.GetByTestId("passkey-row")).ToHaveCountAsync(0);
        await page.GetByTestId("nav-sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));

        // The authenticator still holds the credential; Blazar no longer knows it.
        Assert.Equal(1, await CredentialCountAsync(authenticator));
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("passkey-sign-in").ClickAsync(),
            r => r.Url.EndsWith("/api/account/passkeys/login", StringComparison.Ordinal));
        Assert.Equal(401, refused.Status);
        await Expect(page.Locator("#form-error")).ToContainTextAsync("does not belong to an account");
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        var account = await context.APIRequest.GetAsync("/api/account");
        Assert.Equal(401, account.Status);
    }

    [Fact]
    public async Task An_invitee_accepts_with_a_passkey_and_the_email_box_suggestion_signs_them_in_later()
    {
        using var invited = await blazar.Http.PostAsJsonAsync("/api/invitations", new { email = "noor@blazar.test", role = "member" });
        invited.EnsureSuccessStatusCode();
        var url = new Uri((await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);

        await using var context = await NewContextAsync(width: 375, height: 812, scheme: ColorScheme.Dark);
        var page = await context.NewPageAsync();
        var authenticator = await AddAuthenticatorAsync(context, page);
        await page.GotoAsync(url.PathAndQuery);
        await Expect(page.Locator("#invite-email")).ToHaveTextAsync("noor@blazar.test");
        await page.GetByTestId("invite-name").FillAsync("Noor");
        await BlazarBrowser.ScreenshotAsync(page, "invite-passkey-mobile-dark");
        await page.GetByTestId("invite-passkey").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.GetByTestId("account-link")).ToHaveTextAsync("Noor");
        Assert.Equal(1, await CredentialCountAsync(authenticator));

        // The link is used up, and the account has no password: the passkey is how Noor signs in.
        using var anonymous = blazar.Server.AnonymousClient();
        using (var again = await anonymous.GetAsync(url.PathAndQuery.Replace("/invite/", "/api/invitations/", StringComparison.Ordinal)))
            Assert.Equal(System.Net.HttpStatusCode.NotFound, again.StatusCode);
        // Signed out, the sign-in page asks for a passkey from the email box's suggestions (conditional mediation),
        // which the virtual authenticator answers as a person picking it would.
        var signedIn = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/account/passkeys/login", StringComparison.Ordinal));
        await page.GetByTestId("nav-sign-out").ClickAsync();
        Assert.Equal(204, (await signedIn).Status);
        await Expect(page.GetByTestId("account-link")).ToHaveTextAsync("Noor");
        await page.GotoAsync("/account");
        await Expect(page.GetByTestId("passkey-row")).ToHaveCountAsync(1);
        await BlazarBrowser.ScreenshotAsync(page, "account-passkeys-mobile-dark");
    }

    private Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 860, ColorScheme scheme = ColorScheme.Light) =>
        blazar.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Localhost, ColorScheme = scheme, ViewportSize = new ViewportSize { Width = width, Height = height } });

    /// <summary>A platform authenticator that keeps discoverable credentials and verifies its user at once.</summary>
    private static async Task<(ICDPSession Session, string Id)> AddAuthenticatorAsync(IBrowserContext context, IPage page)
    {
        var session = await context.NewCDPSessionAsync(page);
        await session.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        var added = await session.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return (session, added!.Value.GetProperty("authenticatorId").GetString()!);
    }

    private static async Task<int> CredentialCountAsync((ICDPSession Session, string Id) authenticator)
    {
        var credentials = await authenticator.Session.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticator.Id });
        return credentials!.Value.GetProperty("credentials").GetArrayLength();
    }
}
