using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class ChatGenerationTests(BlazarBrowser blazar)
{
    private static readonly string ManySections = string.Join(", ", Enumerable.Range(1, 30).Select(i => $"Chapter {i}"));

    [Fact]
    public async Task Stop_from_the_generation_card_then_Continue_after_a_reload_finishes_the_same_report()
    {
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        await Pages.InterviewAsync(hub, "A long history of the company", "new employees", ManySections, "no", "friendly");
        var held = blazar.Gate.Hold("long history of the company");
        await hub.GetByTestId("spec-confirm").ClickAsync();

        var card = hub.GetByTestId("generation-card");
        held.Release(3000);
        await Expect(card.GetByTestId("generation-kb")).Not.ToHaveAttributeAsync("data-length", "0");
        var id = await card.GetAttributeAsync("data-report-id");
        await card.GetByTestId("stop-generation").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-state", "stopped");
        await Expect(card).ToContainTextAsync("Stopped");

        // After a reload the card is restored from localStorage and still offers Continue.
        await hub.ReloadAsync();
        card = hub.GetByTestId("generation-card");
        await Expect(card).ToHaveAttributeAsync("data-state", "stopped");
        await Expect(card).ToHaveAttributeAsync("data-report-id", id!);
        await card.GetByTestId("continue-generation").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-state", "writing");
        held.ReleaseAll();
        await Expect(card.GetByTestId("open-report")).ToBeVisibleAsync(new() { Timeout = 40_000 });
        await Expect(hub.Locator($"[data-testid=report-node][data-report-id='{id}']")).ToHaveAttributeAsync("data-status", "done");
        Assert.Equal("done", (await blazar.GetReportAsync(id!))!.Status.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task The_generation_card_follows_a_stop_a_continue_and_a_delete_made_elsewhere()
    {
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        await Pages.InterviewAsync(hub, "Changed from elsewhere", "the whole team", "Context, Findings", "no", "plain");
        var held = blazar.Gate.Hold("Changed from elsewhere");
        await hub.GetByTestId("spec-confirm").ClickAsync();
        var card = hub.GetByTestId("generation-card");
        held.Release(2000);
        await Expect(card.GetByTestId("generation-kb")).Not.ToHaveAttributeAsync("data-length", "0");
        var id = await card.GetAttributeAsync("data-report-id");

        // Stopped and continued from another device (the API, as the report page and the hub call it).
        using (var cancel = await blazar.Http.PostAsync($"/api/reports/{id}/cancel", null))
            Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
        await Expect(card).ToHaveAttributeAsync("data-state", "stopped");
        using (var again = await blazar.Http.PostAsync($"/api/reports/{id}/continue", null))
            Assert.Equal(System.Net.HttpStatusCode.Accepted, again.StatusCode);
        await Expect(card).ToHaveAttributeAsync("data-state", "writing");
        await Expect(card.GetByTestId("stop-generation")).ToBeVisibleAsync();

        // Deleted while it is written: the card says so, and offers no Continue.
        using (var delete = await blazar.Http.DeleteAsync($"/api/reports/{id}"))
            Assert.Equal(System.Net.HttpStatusCode.NoContent, delete.StatusCode);
        await Expect(card).ToHaveAttributeAsync("data-state", "gone");
        await Expect(card).ToContainTextAsync("deleted");
        await Expect(card.GetByTestId("continue-generation")).ToHaveCountAsync(0);
        held.ReleaseAll();
    }

    [Fact]
    public async Task Dark_mode_and_reduced_motion_are_honoured()
    {
        await using var context = await blazar.NewContextAsync(ColorScheme.Dark, motion: ReducedMotion.Reduce);
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        Assert.Equal("rgb(11, 16, 32)", await hub.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));

        var calm = blazar.Gate.Hold("Calm while writing");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Calm while writing", 14) with { Summary = "No pulsing for people who asked for less motion" });
        var node = hub.Locator($"[data-testid=report-node][data-report-id='{id}']");
        await Expect(node).ToHaveAttributeAsync("data-status", "generating");
        Assert.Equal("none", await node.EvaluateAsync<string>("n => getComputedStyle(n).animationName"));
        Assert.Equal("none", await node.Locator(".node-accent").EvaluateAsync<string>("n => getComputedStyle(n).animationName"));

        await Pages.InterviewAsync(hub, "Energy use of our data centres", "the board", "Summary\nConsumption\nSavings\nNext steps",
            "site,kwh,cost\nOslo,120000,9800\nDublin,180000,15200\nMadrid,95000,8100", "formal");
        await Expect(hub.GetByTestId("spec-card")).ToBeVisibleAsync();
        await BlazarBrowser.ScreenshotAsync(hub, "hub-chat-dark");
        var energy = blazar.Gate.Hold("Energy use of our data centres");
        await hub.GetByTestId("spec-confirm").ClickAsync();
        energy.Release(3000);
        await Expect(hub.GetByTestId("generation-card").GetByTestId("view-live")).ToBeVisibleAsync();
        await Expect(hub.GetByTestId("generation-card").GetByTestId("generation-kb")).Not.ToHaveAttributeAsync("data-length", "0");
        await BlazarBrowser.ScreenshotAsync(hub, "hub-generating-dark");
        calm.ReleaseAll();
        energy.ReleaseAll();
    }
}
