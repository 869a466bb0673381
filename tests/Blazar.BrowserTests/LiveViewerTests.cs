using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class LiveViewerTests(BlazarBrowser blazar)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Viewer_opened_late_shows_everything_from_the_start_then_the_rest_live()
    {
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Opened late", 16));
        var writtenBefore = await Waiting.UntilAsync(async () => (await blazar.GetReportAsync(id))!.Length, n => n > 4000, Generous, "the report to be partly written");

        await using var context = await blazar.NewContextAsync();
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        // What was written before the tab opened arrives at once, and the rest follows.
        await Waiting.UntilAsync(() => Pages.MergedLengthAsync(viewer), n => n >= writtenBefore, TimeSpan.FromSeconds(5), "the text written before the tab opened");
        var seen = await WatchUntilDoneAsync(viewer);

        var final = (await blazar.GetReportAsync(id))!;
        Assert.Equal(final.Length, seen.Length);
        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        Assert.Equal(await Pages.BodyTextAsync(viewer), seen.FrameText);
    }

    [Fact]
    public async Task Two_tabs_on_one_report_render_identical_text()
    {
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Two tabs on a phone", 10));
        await using var context = await blazar.NewContextAsync(width: 375, height: 740);
        var first = await context.NewPageAsync();
        var second = await context.NewPageAsync();
        await Task.WhenAll(first.GotoAsync($"/r/{id}"), second.GotoAsync($"/r/{id}"));

        await Waiting.UntilAsync(() => Pages.MergedLengthAsync(second), n => n > 3000, TimeSpan.FromSeconds(20), "text in the second tab");
        await BlazarBrowser.ScreenshotAsync(second, "viewer-mobile");
        var seen = await Task.WhenAll(WatchUntilDoneAsync(first), WatchUntilDoneAsync(second));

        Assert.True(seen[0].FrameText.Length > 1000);
        Assert.Equal(seen[0].FrameText, seen[1].FrameText);
        Assert.Equal(seen[0].Length, seen[1].Length);
        Assert.Equal((await blazar.GetReportAsync(id))!.Length, seen[0].Length);
    }

    [Fact]
    public async Task Hub_and_ten_viewer_tabs_of_one_browser_all_progress_live()
    {
        var spec = BlazarBrowser.LongSpec("Ten tabs", 40) with { Data = Rows(120) };
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
            for (var i = 0; i < viewers.Count; i++)
            {
                var tab = i;
                await Waiting.UntilAsync(() => Pages.MergedLengthAsync(viewers[tab]), n => n > before[tab], TimeSpan.FromSeconds(10), $"viewer tab {tab} to grow");
            }
            await Waiting.UntilAsync(() => HubProgressAsync(node), n => n > hubBefore, TimeSpan.FromSeconds(10), "the hub node to grow");
            Assert.Equal("generating", (await blazar.GetReportAsync(id))!.Status.ToString().ToLowerInvariant());
        }
        await BlazarBrowser.ScreenshotAsync(viewers[^1], "viewer-tenth-tab");

        var seen = await Task.WhenAll(viewers.Select(WatchUntilDoneAsync));
        var length = (await blazar.GetReportAsync(id))!.Length;
        Assert.All(seen, s => Assert.Equal(length, s.Length));
        Assert.Single(seen.Select(s => s.FrameText).Distinct());
        await Expect(node).ToHaveAttributeAsync("data-status", "done");
    }

    [Fact]
    public async Task Viewer_opened_before_the_first_chunk_waits_then_renders_what_arrives()
    {
        var store = blazar.App.Services.GetRequiredService<IReportStore>();
        var log = blazar.App.Services.GetRequiredService<IChunkLog>();
        var id = ReportId.New();
        var report = new Report(id, new Spec { Title = "Not started yet" }, ReportStatus.Generating, DateTimeOffset.UtcNow);
        await store.CreateAsync(report, CancellationToken.None);
        await log.OpenAsync(id, "", CancellationToken.None);
        try
        {
            await using var context = await blazar.NewContextAsync(ColorScheme.Dark);
            var viewer = await context.NewPageAsync();
            await viewer.GotoAsync($"/r/{id}");
            await Expect(viewer.Locator("#viewer-waiting")).ToBeVisibleAsync();
            await Expect(viewer.Locator("#viewer-waiting")).ToContainTextAsync("Waiting for the writer");
            await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "waiting");
            await BlazarBrowser.ScreenshotAsync(viewer, "viewer-waiting-dark");

            await log.AppendAsync(id, "<!doctype html><html><body><h1>First words</h1>", 10, CancellationToken.None);
            await Expect(viewer.Locator("#viewer-waiting")).ToHaveCountAsync(0);
            await Waiting.UntilAsync(() => Pages.FrameTextAsync(viewer), t => t.Contains("First words", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the first chunk in the frame");
            await log.AppendAsync(id, "<p>Second words</p>", 20, CancellationToken.None);
            await Waiting.UntilAsync(() => Pages.FrameTextAsync(viewer), t => t.Contains("Second words", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the second chunk in the frame");
            Assert.Equal("First words\n\nSecond words", (await Pages.FrameTextAsync(viewer)).Trim());
            await Expect(viewer.GetByTestId("viewer-progress")).ToHaveAttributeAsync("aria-valuenow", "20");
        }
        finally
        {
            await store.DeleteAsync(id, CancellationToken.None);
            await log.RemoveAsync(id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Stopped_report_shows_its_text_and_reason_and_Continue_finishes_it()
    {
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Stopped midway", 12));
        await using var context = await blazar.NewContextAsync();
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        await Waiting.UntilAsync(() => Pages.MergedLengthAsync(viewer), n => n > 2000, TimeSpan.FromSeconds(20), "some text in the viewer");

        using (var cancel = await blazar.Http.PostAsync($"/api/reports/{id}/cancel", null))
            Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "cancelled");
        await Expect(viewer.Locator("#viewer-notice")).ToContainTextAsync("Stopped");
        var stoppedAt = (await blazar.GetReportAsync(id))!.Length;
        Assert.Equal(stoppedAt, await Pages.MergedLengthAsync(viewer));
        await BlazarBrowser.ScreenshotAsync(viewer, "viewer-stopped");

        await viewer.GetByTestId("viewer-continue").ClickAsync();
        var seen = await WatchUntilDoneAsync(viewer);
        var final = (await blazar.GetReportAsync(id))!;
        Assert.True(final.Length > stoppedAt);
        Assert.Equal(final.Length, seen.Length); // the replay after Continue added nothing twice
        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        Assert.Equal(await Pages.BodyTextAsync(viewer), seen.FrameText);
    }

    [Fact]
    public async Task Scroll_follows_the_writing_until_the_reader_scrolls_up_and_an_ETA_is_shown()
    {
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Follow the writing", 30));
        await using var context = await blazar.NewContextAsync(height: 640);
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        const string Scroll = """
            () => { const d = document.querySelector('[data-testid=viewer-frame]').contentDocument;
                    const r = d.scrollingElement; return { top: r.scrollTop, gap: r.scrollHeight - r.scrollTop - r.clientHeight, height: r.scrollHeight }; }
            """;
        // While following, the end of the text stays in view as it grows past the frame.
        var following = await Waiting.UntilAsync(() => viewer.EvaluateAsync<ScrollJson>(Scroll), s => s.Height > 3000 && s.Top > 1000, TimeSpan.FromSeconds(20), "the frame to scroll with the text");
        Assert.True(following.Gap < 50, $"The frame is {following.Gap} px above the end of the text.");
        await Expect(viewer.Locator("#viewer-eta")).ToContainTextAsync("left");

        // The reader scrolls up: the view stays where they put it while the text goes on growing.
        var frame = viewer.GetByTestId("viewer-frame");
        await frame.HoverAsync();
        await viewer.Mouse.WheelAsync(0, -600);
        var parked = await Waiting.UntilAsync(() => viewer.EvaluateAsync<ScrollJson>(Scroll), s => s.Gap > 300, TimeSpan.FromSeconds(5), "the scroll-up to take effect");
        await Waiting.UntilAsync(() => viewer.EvaluateAsync<ScrollJson>(Scroll), s => s.Height > parked.Height + 1000, TimeSpan.FromSeconds(20), "more text below");
        var after = await viewer.EvaluateAsync<ScrollJson>(Scroll);
        Assert.InRange(after.Top, parked.Top - 5, parked.Top + 5);
    }

    private sealed class ScrollJson
    {
        public double Top { get; set; }
        public double Gap { get; set; }
        public double Height { get; set; }

        public override string ToString() => $"top {Top}, gap {Gap}, height {Height}";
    }

    [Fact]
    public async Task When_the_tab_holding_the_stream_closes_another_tab_takes_over()
    {
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Hand over", 24));
        await using var context = await blazar.NewContextAsync();
        var leader = await context.NewPageAsync();
        await leader.GotoAsync($"/r/{id}");
        await Waiting.UntilAsync(() => Pages.MergedLengthAsync(leader), n => n > 0, TimeSpan.FromSeconds(10), "the first tab to receive text");
        var follower = await context.NewPageAsync();
        await follower.GotoAsync($"/r/{id}");
        var joined = await Waiting.UntilAsync(() => Pages.MergedLengthAsync(follower), n => n > 0, TimeSpan.FromSeconds(10), "the second tab to catch up");

        await leader.CloseAsync();
        var atClose = await Pages.MergedLengthAsync(follower);
        Assert.Equal("generating", (await blazar.GetReportAsync(id))!.Status.ToString().ToLowerInvariant());
        var seen = await WatchUntilDoneAsync(follower);

        Assert.True(seen.Length > atClose && atClose >= joined);
        Assert.Equal((await blazar.GetReportAsync(id))!.Length, seen.Length);
        await Expect(follower.GetByTestId("viewer-bar")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        Assert.Equal(await Pages.BodyTextAsync(follower), seen.FrameText);
    }

    [Fact]
    public async Task A_tab_frozen_in_the_background_catches_up_when_it_comes_back()
    {
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Back from the background", 20));
        await using var context = await blazar.NewContextAsync();
        var awake = await context.NewPageAsync();
        await awake.GotoAsync($"/r/{id}");
        var sleeper = await context.NewPageAsync();
        await sleeper.GotoAsync($"/r/{id}");
        await Waiting.UntilAsync(() => Pages.MergedLengthAsync(sleeper), n => n > 0, TimeSpan.FromSeconds(10), "text in the tab before it sleeps");

        // Chromium freezes background tabs: no tasks, no messages, no frames until it is resumed.
        var cdp = await context.NewCDPSessionAsync(sleeper);
        await cdp.SendAsync("Page.setWebLifecycleState", new Dictionary<string, object> { ["state"] = "frozen" });
        var before = await Pages.MergedLengthAsync(awake);
        await Waiting.UntilAsync(() => Pages.MergedLengthAsync(awake), n => n > before + 3000, TimeSpan.FromSeconds(10), "the awake tab to move on");
        await cdp.SendAsync("Page.setWebLifecycleState", new Dictionary<string, object> { ["state"] = "active" });

        var seen = await Task.WhenAll(WatchUntilDoneAsync(awake), WatchUntilDoneAsync(sleeper));
        Assert.Equal(seen[0].FrameText, seen[1].FrameText);
        Assert.Equal((await blazar.GetReportAsync(id))!.Length, seen[1].Length);
    }

    [Fact]
    public async Task Unknown_report_shows_a_helpful_404_page()
    {
        await using var context = await blazar.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync("/r/AAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("There is no report here");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go to all reports" })).ToHaveAttributeAsync("href", "/");
        await BlazarBrowser.ScreenshotAsync(page, "not-found");
    }

    /// <summary>The hub node's progress, in percent.</summary>
    private static async Task<int> HubProgressAsync(ILocator node) =>
        int.TryParse(await node.Locator("[role=progressbar]").GetAttributeAsync("aria-valuenow"), out var n) ? n : 0;

    private static string Rows(int count) =>
        "week,signups,churned,revenue\n" + string.Join("\n", Enumerable.Range(1, count).Select(i => $"W{i},{100 + i * 3},{i % 17},{1000 + i * 37}"));

    private sealed record Seen(int Length, string FrameText);

    /// <summary>Watches a viewer until it says done, and reads the frame in the ~2 s before it reloads.</summary>
    private static async Task<Seen> WatchUntilDoneAsync(IPage viewer)
    {
        // One evaluation in the page, so nothing can happen between seeing "done" and reading the frame.
        var seen = await viewer.WaitForFunctionAsync(
            """
            () => {
              const bar = document.querySelector('[data-testid=viewer-bar]');
              if (bar?.dataset.state !== 'done') return null;
              const frame = document.querySelector('[data-testid=viewer-frame]');
              return { length: Number(document.querySelector('[data-testid=viewer-kb]').dataset.length), text: frame.contentDocument.body.innerText };
            }
            """,
            null,
            new() { Timeout = (float)Generous.TotalMilliseconds });
        var value = await seen.JsonValueAsync<SeenJson>();
        return new Seen(value.Length, value.Text);
    }

    private sealed class SeenJson
    {
        public int Length { get; set; }
        public string Text { get; set; } = "";
    }
}
