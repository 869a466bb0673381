using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>
/// A Blazar of its own with no account at all, as after <c>dotnet run</c>: the first page is setup; the admin
/// shares, invites; the invitee sees only what was shared; anyone opens a link report signed out.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AccountJourneyTests(BlazarBrowser blazar) : IAsyncLifetime
{
    private BlazarServer _server = null!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        _server = await BlazarServer.StartAsync(seedAdmin: false, arguments: ["--environment", "Production"]);
        _base = _server.BaseAddress.ToString().TrimEnd('/');
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Setup_invite_sign_in_see_only_what_is_shared_and_open_a_link_report_signed_out()
    {
        // First run: every page leads to setup, which makes the admin and signs them in.
        await using var adminContext = await NewContextAsync();
        var admin = await adminContext.NewPageAsync();
        await admin.GotoAsync("/");
        await Expect(admin).ToHaveURLAsync(new Regex("/setup$"));
        await admin.GetByTestId("setup-name").FillAsync("Ada");
        await admin.GetByTestId("setup-email").FillAsync("ada@blazar.test");
        await admin.GetByTestId("setup-password").FillAsync("ada's long password");
        await admin.GetByTestId("setup-submit").ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/$"));
        await Expect(admin.GetByTestId("account-link")).ToHaveTextAsync("Ada");

        // Three reports: private, team, and one shared by link through the report page's Share dialog.
        var secret = await StartAsync(adminContext, "Ada's private plan");
        var team = await StartAsync(adminContext, "Notes for the team");
        var link = await StartAsync(adminContext, "Memo for anyone");
        await admin.ReloadAsync();
        var shared = await admin.RunAndWaitForResponseAsync( // shared from the hub
            () => Node(admin, team).GetByTestId("node-visibility").SelectOptionAsync("team"),
            r => r.Request.Method == "PATCH" && r.Url.EndsWith($"/api/reports/{team}", StringComparison.Ordinal));
        Assert.Equal(200, shared.Status);
        await admin.GotoAsync($"/r/{link}");
        await Expect(admin.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
        await admin.GetByTestId("share-button").ClickAsync();
        await admin.GetByTestId("visibility-select").SelectOptionAsync("link");
        await admin.GetByTestId("share-save").ClickAsync();
        await Expect(admin.GetByTestId("viewer-owner")).ToHaveAttributeAsync("data-visibility", "link");

        // The admin invites Grace from the people page.
        await admin.GotoAsync("/people");
        await admin.GetByTestId("invite-email").FillAsync("grace@blazar.test");
        await admin.GetByTestId("invite-create").ClickAsync();
        await Expect(admin.GetByTestId("invite-url")).ToHaveTextAsync(new Regex("/invite/inv_"));
        var invitation = await admin.GetByTestId("invite-url").TextContentAsync();
        Assert.StartsWith(_base + "/invite/", invitation, StringComparison.Ordinal);

        // Grace accepts, signs out, signs in again, and sees the team's report but not Ada's private one or the link one.
        await using var graceContext = await NewContextAsync(width: 375, height: 812);
        var grace = await graceContext.NewPageAsync();
        await grace.GotoAsync(invitation!);
        await Expect(grace.Locator("#invite-email")).ToHaveTextAsync("grace@blazar.test");
        await grace.GetByTestId("invite-name").FillAsync("Grace");
        await grace.GetByTestId("invite-password").FillAsync("grace's long password");
        await grace.GetByTestId("invite-submit").ClickAsync();
        await Expect(grace.GetByTestId("account-link")).ToHaveTextAsync("Grace");
        await grace.GetByTestId("nav-sign-out").ClickAsync();
        await Expect(grace).ToHaveURLAsync(new Regex("/login$"));
        await grace.GotoAsync("/account");
        await Expect(grace).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Faccount$"));
        await grace.GetByTestId("login-email").FillAsync("grace@blazar.test");
        await grace.GetByTestId("login-password").FillAsync("grace's long password");
        await grace.GetByTestId("login-submit").ClickAsync();
        await Expect(grace).ToHaveURLAsync(new Regex("/account$"));
        await grace.GetByTestId("token-name").FillAsync("laptop script");
        await grace.GetByTestId("token-create").ClickAsync();
        await Expect(grace.GetByTestId("new-token")).ToHaveTextAsync(new Regex("^blz_"));
        await Expect(grace.GetByTestId("token-row")).ToHaveCountAsync(1);
        await BlazarBrowser.ScreenshotAsync(grace, "account-mobile");
        await grace.GotoAsync("/");
        await Expect(Node(grace, team)).ToBeVisibleAsync();
        await Expect(Node(grace, secret)).ToHaveCountAsync(0);
        await Expect(Node(grace, link)).ToHaveCountAsync(0);
        await Expect(grace.Locator("[data-testid=report-node]")).ToHaveCountAsync(1);
        await Expect(Node(grace, team).Locator("[data-action=delete]")).ToHaveCountAsync(0); // not hers to delete
        await BlazarBrowser.ScreenshotAsync(grace, "hub-member-mobile");
        var hidden = await grace.GotoAsync($"/r/{secret}");
        Assert.Equal(404, hidden!.Status);
        await grace.GotoAsync($"/r/{team}");
        await Expect(grace.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
        await Expect(grace.GetByTestId("share-button")).ToBeHiddenAsync(); // she may view it, not share it

        // Anyone, signed out, opens the link report; the team's asks them to sign in.
        await using var strangerContext = await NewContextAsync();
        var stranger = await strangerContext.NewPageAsync();
        await stranger.GotoAsync($"/r/{link}");
        await Expect(stranger.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
        await Expect(stranger.FrameLocator("[data-testid=viewer-frame]").Locator("h1")).ToContainTextAsync("Memo for anyone");
        await Expect(stranger.GetByTestId("share-button")).ToBeHiddenAsync();
        await stranger.GotoAsync($"/r/{team}");
        await Expect(stranger).ToHaveURLAsync(new Regex("/login\\?returnUrl="));
    }

    private static ILocator Node(IPage page, string id) => page.Locator($"[data-testid=report-node][data-report-id='{id}']");

    private Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 860) =>
        blazar.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _base, ViewportSize = new ViewportSize { Width = width, Height = height } });

    // The signed-in context's own cookie carries these calls, as the page's would.
    private static async Task<string> StartAsync(IBrowserContext context, string title)
    {
        var response = await context.APIRequest.PostAsync("/api/reports", new() { DataObject = new { title, sections = new[] { "One" } } });
        Assert.Equal(202, response.Status);
        var id = (await response.JsonAsync())!.Value.GetProperty("id").GetString()!;
        await Wait.UntilAsync(
            async () => (await (await context.APIRequest.GetAsync($"/api/reports/{id}")).JsonAsync())!.Value.GetProperty("status").GetString(),
            status => status == "done", because: $"report {id} to finish");
        return id;
    }
}
