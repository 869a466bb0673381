using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class HubTests(BlazarBrowser blazar)
{
    [Fact]
    public async Task Report_started_elsewhere_appears_generating_and_turns_done_without_a_reload()
    {
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        await hub.EvaluateAsync("() => { window.notReloaded = true; }");

        var held = blazar.Gate.Hold("Started on another device");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Started on another device", 10) with { Summary = "Written while the hub watches" });
        var node = hub.Locator($"[data-testid=report-node][data-report-id='{id}']");
        await Expect(node).ToHaveAttributeAsync("data-status", "generating");
        await Expect(node).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bgenerating\b"));
        await Expect(node.Locator(".node-summary")).ToContainTextAsync("Written while the hub watches");
        await Expect(node.Locator("[role=progressbar]")).ToBeVisibleAsync();
        held.Release(3000);
        await BlazarBrowser.ScreenshotAsync(hub, "hub-generating");

        held.ReleaseAll();
        await Expect(node).ToHaveAttributeAsync("data-status", "done");
        await Expect(node.Locator("[role=progressbar]")).ToBeHiddenAsync();
        await Expect(node.Locator(".node-meta")).ToContainTextAsync("KB");
        Assert.True(await hub.EvaluateAsync<bool>("() => window.notReloaded === true"));
    }

    [Fact]
    public async Task Stop_continue_and_delete_with_confirmation_from_the_hub()
    {
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        var held = blazar.Gate.Hold("Stopped and continued");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Stopped and continued", 30));
        var node = hub.Locator($"[data-testid=report-node][data-report-id='{id}']");
        await Expect(node).ToHaveAttributeAsync("data-status", "generating");

        await node.Locator("[data-action=stop]").ClickAsync();
        await Expect(node).ToHaveAttributeAsync("data-status", "cancelled");
        await Expect(node.Locator(".node-error")).ToContainTextAsync("Stopped");

        await node.Locator("[data-action=continue]").ClickAsync();
        await Expect(node).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("^(queued|generating)$"));

        await node.Locator("[data-action=delete]").ClickAsync();
        await node.Locator("[data-action=keep]").ClickAsync();
        await Expect(node).ToHaveCountAsync(1);
        await node.Locator("[data-action=delete]").ClickAsync();
        await node.Locator("[data-action=confirm-delete]").ClickAsync();
        await Expect(node).ToHaveCountAsync(0);
        Assert.Null(await blazar.GetReportAsync(id));
        held.ReleaseAll();
    }

    [Fact]
    public async Task New_visitor_sees_what_to_do_and_the_page_works_at_375_pixels()
    {
        await using var context = await blazar.NewContextAsync(ColorScheme.Dark, width: 375, height: 812);
        var hub = await context.NewPageAsync();
        // An empty list, as a brand-new installation shows it, whatever the other tests created.
        await hub.RouteAsync("**/api/reports", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = "[]" }));
        await hub.RouteAsync("**/api/hub/events", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/event-stream", Body = "retry: 60000\n\n" }));
        await hub.GotoAsync("/");
        await Expect(hub.Locator("#hub-empty")).ToBeVisibleAsync();
        await Expect(hub.Locator("#hub-empty")).ToContainTextAsync("No reports yet");
        var overflow = await hub.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The page scrolls sideways at 375 px.");

        // Keyboard only: focus the chat box, type, and send with Enter.
        await hub.GetByTestId("chat-input").FocusAsync();
        await hub.Keyboard.TypeAsync("A report about accessible design");
        await hub.Keyboard.PressAsync("Enter");
        await Expect(hub.Locator(".message.assistant").Last).ToContainTextAsync("Who will read it?");
        await BlazarBrowser.ScreenshotAsync(hub, "hub-mobile-dark", fullPage: true);
    }
}
