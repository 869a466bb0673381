using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>Many tabs on one report: one holds the stream and relays it; the rest merge by offset.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class TabRelayTests(BlazarBrowser blazar)
{
    [Fact]
    public async Task Two_tabs_on_one_report_render_identical_text()
    {
        var held = blazar.Gate.Hold("Two tabs on a phone");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Two tabs on a phone", 10));
        await using var context = await blazar.NewContextAsync(width: 375, height: 740);
        var first = await context.NewPageAsync();
        var second = await context.NewPageAsync();
        await Task.WhenAll(first.GotoAsync($"/r/{id}"), second.GotoAsync($"/r/{id}"));

        held.Release(5000);
        await Wait.UntilAsync(() => Pages.MergedLengthAsync(second), n => n > 3000, TimeSpan.FromSeconds(20), "text in the second tab");
        await BlazarBrowser.ScreenshotAsync(second, "viewer-mobile");
        held.ReleaseAll();
        var seen = await Task.WhenAll(Watching.UntilDoneAsync(first), Watching.UntilDoneAsync(second));

        Assert.True(seen[0].FrameText.Length > 1000);
        Assert.Equal(seen[0].FrameText, seen[1].FrameText);
        Assert.Equal(seen[0].Length, seen[1].Length);
        Assert.Equal((await blazar.GetReportAsync(id))!.Length, seen[0].Length);
    }

    [Fact]
    public async Task Hub_and_ten_viewer_tabs_of_one_browser_all_progress_live()
    {
        var spec = BlazarBrowser.LongSpec("Ten tabs", 40) with { Data = Rows(120) };
        var held = blazar.Gate.Hold("Ten tabs");
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        var id = await blazar.StartReportAsync(spec);
        var node = hub.Locator($"[data-testid=report-node][data-report-id='{id}']");
        await Expect(node).ToHaveAttributeAsync("data-status", "generating");

        var viewers = new List<IPage>();
        for (var i = 0; i < 10; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/r/{id}", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            viewers.Add(page);
        }

        // Every tab keeps growing, twice over, while the report is still being written.
        for (var round = 0; round < 2; round++)
        {
            var before = await Task.WhenAll(viewers.Select(Pages.MergedLengthAsync));
            var hubBefore = await HubProgressAsync(node);
            held.Release(6000);
            for (var i = 0; i < viewers.Count; i++)
            {
                var tab = i;
                await Wait.UntilAsync(() => Pages.MergedLengthAsync(viewers[tab]), n => n > before[tab], TimeSpan.FromSeconds(10), $"viewer tab {tab} to grow");
            }
            await Wait.UntilAsync(() => HubProgressAsync(node), n => n > hubBefore, TimeSpan.FromSeconds(10), "the hub node to grow");
            Assert.Equal("generating", (await blazar.GetReportAsync(id))!.Status.ToString().ToLowerInvariant());
        }
        await BlazarBrowser.ScreenshotAsync(viewers[^1], "viewer-tenth-tab");

        held.ReleaseAll();
        var seen = await Task.WhenAll(viewers.Select(Watching.UntilDoneAsync));
        var length = (await blazar.GetReportAsync(id))!.Length;
        Assert.All(seen, s => Assert.Equal(length, s.Length));
        Assert.Single(seen.Select(s => s.FrameText).Distinct());
        await Expect(node).ToHaveAttributeAsync("data-status", "done");
    }

    [Fact]
    public async Task When_the_tab_holding_the_stream_closes_another_tab_takes_over()
    {
        var held = blazar.Gate.Hold("Hand over");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Hand over", 24));
        await using var context = await blazar.NewContextAsync();
        var leader = await context.NewPageAsync();
        await leader.GotoAsync($"/r/{id}");
        held.Release(3000);
        await Wait.UntilAsync(() => Pages.MergedLengthAsync(leader), n => n > 0, TimeSpan.FromSeconds(10), "the first tab to receive text");
        var follower = await context.NewPageAsync();
        await follower.GotoAsync($"/r/{id}");
        var joined = await Wait.UntilAsync(() => Pages.MergedLengthAsync(follower), n => n > 0, TimeSpan.FromSeconds(10), "the second tab to catch up");

        await leader.CloseAsync();
        var atClose = await Pages.MergedLengthAsync(follower);
        Assert.Equal("generating", (await blazar.GetReportAsync(id))!.Status.ToString().ToLowerInvariant());
        held.ReleaseAll();
        var seen = await Watching.UntilDoneAsync(follower);

        Assert.True(seen.Length > atClose && atClose >= joined);
        Assert.Equal((await blazar.GetReportAsync(id))!.Length, seen.Length);
        Assert.Equal(await Pages.StoredTextAsync(follower, $"/r/{id}"), seen.FrameText);
    }

    [Fact]
    public async Task A_tab_frozen_in_the_background_catches_up_when_it_comes_back()
    {
        var held = blazar.Gate.Hold("Back from the background");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Back from the background", 20));
        await using var context = await blazar.NewContextAsync();
        var awake = await context.NewPageAsync();
        await awake.GotoAsync($"/r/{id}");
        var sleeper = await context.NewPageAsync();
        await sleeper.GotoAsync($"/r/{id}");
        held.Release(2000);
        await Wait.UntilAsync(() => Pages.MergedLengthAsync(sleeper), n => n > 0, TimeSpan.FromSeconds(10), "text in the tab before it sleeps");

        // Chromium freezes background tabs: no tasks, no messages, no frames until it is resumed.
        var cdp = await context.NewCDPSessionAsync(sleeper);
        await cdp.SendAsync("Page.setWebLifecycleState", new Dictionary<string, object> { ["state"] = "frozen" });
        var before = await Pages.MergedLengthAsync(awake);
        held.Release(4000);
        await Wait.UntilAsync(() => Pages.MergedLengthAsync(awake), n => n > before + 3000, TimeSpan.FromSeconds(10), "the awake tab to move on");
        held.ReleaseAll(); // the rest arrives while the tab still sleeps
        await Wait.UntilAsync(async () => (await blazar.GetReportAsync(id))!.Status, s => s == Reports.ReportStatus.Done, TimeSpan.FromSeconds(20), "the report to finish");
        await cdp.SendAsync("Page.setWebLifecycleState", new Dictionary<string, object> { ["state"] = "active" });

        var seen = await Task.WhenAll(Watching.UntilDoneAsync(awake), Watching.UntilDoneAsync(sleeper));
        Assert.Equal(seen[0].FrameText, seen[1].FrameText);
        Assert.Equal((await blazar.GetReportAsync(id))!.Length, seen[1].Length);
    }

    /// <summary>The hub node's progress, in percent.</summary>
    private static async Task<int> HubProgressAsync(ILocator node) =>
        int.TryParse(await node.Locator("[role=progressbar]").GetAttributeAsync("aria-valuenow"), out var n) ? n : 0;

    private static string Rows(int count) =>
        "week,signups,churned,revenue\n" + string.Join("\n", Enumerable.Range(1, count).Select(i => $"W{i},{100 + i * 3},{i % 17},{1000 + i * 37}"));
}
