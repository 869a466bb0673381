using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>What a screen reader, a keyboard and a touch keyboard meet on the hub and in the chat.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AccessibilityTests(BlazarBrowser blazar)
{
    private const string CountChanges = """
        (selector) => {
          window.changes = [];
          new MutationObserver(() => window.changes.push(document.querySelector(selector).textContent))
            .observe(document.querySelector(selector), { childList: true, characterData: true, subtree: true });
        }
        """;

    [Fact]
    public async Task The_hub_announces_a_report_starting_and_finishing_not_its_progress()
    {
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        await Expect(hub.Locator("h1")).ToHaveCountAsync(1);
        Assert.Equal(0, await hub.Locator("#hub-nodes[aria-live], #hub-nodes [aria-live]").CountAsync());
        await hub.EvaluateAsync(CountChanges, "#hub-announcer");

        var held = blazar.Gate.Hold("Announced once");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Announced once", 20));
        var node = hub.Locator($"[data-testid=report-node][data-report-id='{id}']");
        var progress = node.Locator("[role=progressbar]");
        foreach (var step in new[] { 3000, 6000, 9000 })
        {
            var before = await progress.GetAttributeAsync("aria-valuenow");
            held.Release(3000);
            await Expect(progress).Not.ToHaveAttributeAsync("aria-valuenow", before!);
        }
        held.ReleaseAll();
        await Expect(node).ToHaveAttributeAsync("data-status", "done");

        var said = await Wait.UntilAsync(() => hub.EvaluateAsync<string[]>("() => window.changes"), c => c.Any(t => t.Contains("finished", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the finish to be announced");
        Assert.True(said.Length <= 3, $"The hub announced {said.Length} times: {string.Join(" | ", said)}");
        Assert.Contains(said, t => t.Contains("Announced once: being written", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_chat_reply_is_announced_once_when_complete()
    {
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        await hub.GetByTestId("chat-reset").ClickAsync();
        Assert.Equal(0, await hub.Locator("#chat-log[aria-live]").CountAsync());
        await hub.EvaluateAsync(CountChanges, "#chat-announcer");

        await Pages.InterviewAsync(hub, "A report on our support backlog");

        var said = await hub.EvaluateAsync<string[]>("() => window.changes");
        var reply = Assert.Single(said);
        Assert.Contains("Who will read it?", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_and_Continue_from_the_keyboard_keep_focus_on_the_card()
    {
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        var held = blazar.Gate.Hold("Kept in focus");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Kept in focus", 20));
        var node = hub.Locator($"[data-testid=report-node][data-report-id='{id}']");
        held.Release(2000);
        await Expect(node).ToHaveAttributeAsync("data-status", "generating");

        await node.Locator("[data-action=stop]").FocusAsync();
        await hub.Keyboard.PressAsync("Enter");
        await Expect(node).ToHaveAttributeAsync("data-status", "cancelled");
        await Expect(node.Locator("[data-action=continue]")).ToBeFocusedAsync();

        await hub.Keyboard.PressAsync("Enter");
        await Expect(node).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("queued|generating"));
        await Expect(node.Locator("[data-action=stop]")).ToBeFocusedAsync();
        held.ReleaseAll();
    }

    [Fact]
    public async Task On_a_touch_keyboard_Enter_makes_a_new_line_and_Send_sends()
    {
        await using var context = await blazar.Browser.NewContextAsync(new()
        {
            BaseURL = blazar.BaseAddress.ToString(),
            ViewportSize = new() { Width = 390, Height = 800 },
            HasTouch = true,
            IsMobile = true,
        });
        await BrowserSession.AddAsync(context, blazar.BaseAddress, blazar.Session);
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        await hub.GetByTestId("chat-reset").ClickAsync();
        var input = hub.GetByTestId("chat-input");

        await input.FillAsync("Quarterly safety report");
        await input.PressAsync("Enter");
        await input.PressSequentiallyAsync("for the site leads");

        await Expect(input).ToHaveValueAsync("Quarterly safety report\nfor the site leads");
        await Expect(hub.Locator(".message.user")).ToHaveCountAsync(0);
        await hub.GetByTestId("chat-send").TapAsync();
        await Expect(hub.Locator(".message.user")).ToHaveCountAsync(1);
    }
}
