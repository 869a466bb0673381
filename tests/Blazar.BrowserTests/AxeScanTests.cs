using System.Text.Json;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>axe-core finds no serious or critical problem on any of Blazar's pages, light or dark.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AxeScanTests(BlazarBrowser blazar)
{
    private static readonly string Axe = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js"));

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Hub_chat_with_a_spec_live_and_finished_reports_and_the_404_page_pass_the_scan(ColorScheme scheme)
    {
        // The pages' policy allows no inline script: the scan's own script goes in past it, nothing else changes.
        await using var context = await blazar.Browser.NewContextAsync(new() { BaseURL = blazar.BaseAddress.ToString(), ColorScheme = scheme, BypassCSP = true });
        await BrowserSession.AddAsync(context, blazar.BaseAddress, blazar.Session);
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        await page.GotoAsync("/");
        await page.GetByTestId("chat-reset").ClickAsync();
        await Pages.InterviewAsync(page, "Accessible reports", "everyone", "Summary, Details", "a,b\n1,2\n3,4", "plain");
        await Expect(page.GetByTestId("spec-card")).ToBeVisibleAsync();
        problems.AddRange(await ScanAsync(page, "hub with a spec card"));
        await page.GetByTestId("spec-confirm").ClickAsync();
        var card = page.GetByTestId("generation-card");
        await card.GetByTestId("revise-from-chat").ClickAsync(new() { Timeout = 40_000 });
        await Expect(card.GetByTestId("revise-from-chat-section").Locator("option")).Not.ToHaveCountAsync(1); // the headings are in
        problems.AddRange(await ScanAsync(page, "chat, the generation card's Revise form open"));

        var held = blazar.Gate.Hold($"Scanned while live {scheme}");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec($"Scanned while live {scheme}", 20));
        await page.GotoAsync($"/r/{id}");
        held.Release(5000);
        await Expect(page.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "live");
        problems.AddRange(await ScanAsync(page, "live report"));
        held.ReleaseAll();
        await Expect(page.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
        await page.GotoAsync($"/r/{id}");
        await Expect(page.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
        problems.AddRange(await ScanAsync(page, "finished report"));
        await page.GetByTestId("download-menu").ClickAsync();
        await Expect(page.GetByTestId("download-list")).ToBeVisibleAsync();
        problems.AddRange(await ScanAsync(page, "finished report, Download menu open"));
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("share-button").ClickAsync();
        await Expect(page.Locator("#share-dialog")).ToBeVisibleAsync();
        problems.AddRange(await ScanAsync(page, "finished report, Share dialog open"));
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("revise-button").ClickAsync();
        await Expect(page.Locator("#revise-dialog [data-testid=revise-section] option")).Not.ToHaveCountAsync(1); // the headings are in
        problems.AddRange(await ScanAsync(page, "finished report, Revise dialog open"));
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("versions-menu").ClickAsync();
        await Expect(page.GetByTestId("version-row")).ToHaveCountAsync(1);
        problems.AddRange(await ScanAsync(page, "finished report, Versions open"));

        await page.GotoAsync("/no/such/page");
        problems.AddRange(await ScanAsync(page, "404 page"));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task The_account_page_with_passkeys_and_the_sign_in_page_pass_the_scan(ColorScheme scheme)
    {
        await using var context = await blazar.Browser.NewContextAsync(new() { BaseURL = blazar.BaseAddress.ToString(), ColorScheme = scheme, BypassCSP = true });
        await BrowserSession.AddAsync(context, blazar.BaseAddress, blazar.Session);
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        await page.GotoAsync("/account");
        await Expect(page.GetByTestId("passkeys")).Not.ToBeEmptyAsync();
        problems.AddRange(await ScanAsync(page, "account page"));

        await using var signedOut = await blazar.Browser.NewContextAsync(new() { BaseURL = blazar.BaseAddress.ToString(), ColorScheme = scheme, BypassCSP = true });
        var login = await signedOut.NewPageAsync();
        await login.GotoAsync("/login");
        await Expect(login.GetByTestId("passkey-sign-in")).ToBeVisibleAsync();
        problems.AddRange(await ScanAsync(login, "sign-in page"));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task<IEnumerable<string>> ScanAsync(IPage page, string what)
    {
        await page.AddScriptTagAsync(new() { Content = Axe });
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
              return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
            }
            """);
        return result.EnumerateArray().Select(v => $"{what}: {v.GetString()}");
    }
}
