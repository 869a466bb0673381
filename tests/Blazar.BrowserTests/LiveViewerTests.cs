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
    [Fact]
    public async Task Viewer_opened_late_shows_everything_from_the_start_then_the_rest_live()
    {
        var held = blazar.Gate.Hold("Opened late");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Opened late", 16));
        held.Release(5000);
        var writtenBefore = await Wait.UntilAsync(async () => (await blazar.GetReportAsync(id))!.Length, n => n > 4000, Watching.Generous, "the report to be partly written");

        await using var context = await blazar.NewContextAsync();
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        // What was written before the tab opened arrives at once, and the rest follows.
        await Wait.UntilAsync(() => Pages.MergedLengthAsync(viewer), n => n >= writtenBefore, TimeSpan.FromSeconds(5), "the text written before the tab opened");
        held.ReleaseAll();
        var seen = await Watching.UntilDoneAsync(viewer);

        var final = (await blazar.GetReportAsync(id))!;
        Assert.Equal(final.Length, seen.Length);
        Assert.Equal(await Pages.StoredTextAsync(viewer, $"/r/{id}"), seen.FrameText);
    }

    [Fact]
    public async Task Viewer_opened_before_the_first_chunk_waits_then_renders_what_arrives()
    {
        var store = blazar.Server.Services.GetRequiredService<IReportStore>();
        var log = blazar.Server.Services.GetRequiredService<IChunkLog>();
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
            await Wait.UntilAsync(() => Pages.FrameTextAsync(viewer), t => t.Contains("First words", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the first chunk in the frame");
            await log.AppendAsync(id, "<p>Second words</p>", 20, CancellationToken.None);
            await Wait.UntilAsync(() => Pages.FrameTextAsync(viewer), t => t.Contains("Second words", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the second chunk in the frame");
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
    public async Task While_only_the_styles_have_arrived_the_page_keeps_waiting_with_the_KB_moving()
    {
        var store = blazar.Server.Services.GetRequiredService<IReportStore>();
        var log = blazar.Server.Services.GetRequiredService<IChunkLog>();
        var id = ReportId.New();
        await store.CreateAsync(new Report(id, new Spec { Title = "Styles first" }, ReportStatus.Generating, DateTimeOffset.UtcNow), CancellationToken.None);
        await log.OpenAsync(id, "", CancellationToken.None);
        try
        {
            await using var context = await blazar.NewContextAsync();
            var viewer = await context.NewPageAsync();
            await viewer.GotoAsync($"/r/{id}");
            var styles = "<!doctype html><html><head><style>" + string.Concat(Enumerable.Repeat("body { font: 17px/1.6 Georgia, serif; color: #1f2937; }\n", 60)) + "</style>";
            await log.AppendAsync(id, styles, 5, CancellationToken.None);

            await Expect(viewer.GetByTestId("viewer-kb")).ToHaveAttributeAsync("data-length", styles.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(viewer.Locator("#viewer-waiting")).ToBeVisibleAsync();
            await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "waiting");
            await Expect(viewer.Locator("#viewer-waiting")).ToContainTextAsync("first words");

            await log.AppendAsync(id, "</head><body><h1>Now there is something to read</h1>", 10, CancellationToken.None);
            await Expect(viewer.Locator("#viewer-waiting")).ToHaveCountAsync(0);
            await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "live");
            Assert.Contains("something to read", await Pages.FrameTextAsync(viewer), StringComparison.Ordinal);
        }
        finally
        {
            await store.DeleteAsync(id, CancellationToken.None);
            await log.RemoveAsync(id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_report_that_fails_before_any_text_says_failed_and_why_with_Continue_in_view()
    {
        var held = blazar.Gate.Hold("Model out of reach");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Model out of reach", 3));
        await using var context = await blazar.NewContextAsync(width: 375, height: 740);
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        await Expect(viewer.Locator("#viewer-waiting")).ToBeVisibleAsync();

        held.Fail("Connection refused (model.example.test:443)");

        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "failed");
        await Expect(viewer.Locator("#viewer-waiting")).ToHaveCountAsync(0);
        var notice = viewer.Locator("#viewer-notice");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("Failed.");
        await Expect(notice).ToContainTextAsync("Could not reach the model API");
        await Expect(viewer.GetByTestId("viewer-continue")).ToBeInViewportAsync();
        await BlazarBrowser.ScreenshotAsync(viewer, "viewer-failed-mobile");

        held.ReleaseAll();
        await viewer.GetByTestId("viewer-continue").ClickAsync();
        await Expect(viewer.GetByTestId("viewer-bar")).Not.ToHaveAttributeAsync("data-state", "failed");
        var seen = await Watching.UntilDoneAsync(viewer);
        Assert.Equal((await blazar.GetReportAsync(id))!.Length, seen.Length);
    }

    [Fact]
    public async Task A_report_deleted_while_it_is_watched_says_it_was_deleted_and_offers_no_Continue()
    {
        var held = blazar.Gate.Hold("Deleted while watched");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Deleted while watched", 30));
        await using var context = await blazar.NewContextAsync();
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        held.Release(5000);
        await Wait.UntilAsync(() => Pages.MergedLengthAsync(viewer), n => n > 4000, TimeSpan.FromSeconds(20), "text in the viewer");

        using (var delete = await blazar.Http.DeleteAsync($"/api/reports/{id}"))
            Assert.Equal(System.Net.HttpStatusCode.NoContent, delete.StatusCode);

        await Expect(viewer.Locator("#viewer-notice")).ToContainTextAsync("Deleted.");
        await Expect(viewer.GetByTestId("viewer-continue")).ToHaveCountAsync(0);
        held.ReleaseAll();
    }

    [Fact]
    public async Task Stopped_report_shows_its_text_and_reason_and_Continue_finishes_it()
    {
        var held = blazar.Gate.Hold("Stopped midway");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Stopped midway", 12));
        await using var context = await blazar.NewContextAsync();
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        held.Release(3000);
        await Wait.UntilAsync(() => Pages.MergedLengthAsync(viewer), n => n > 2000, TimeSpan.FromSeconds(20), "some text in the viewer");

        using (var cancel = await blazar.Http.PostAsync($"/api/reports/{id}/cancel", null))
            Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "cancelled");
        await Expect(viewer.Locator("#viewer-notice")).ToContainTextAsync("Stopped");
        var stoppedAt = (await blazar.GetReportAsync(id))!.Length;
        Assert.Equal(stoppedAt, await Pages.MergedLengthAsync(viewer));
        await Expect(viewer.Locator("#viewer-notice")).ToContainTextAsync("Stopped.");
        await BlazarBrowser.ScreenshotAsync(viewer, "viewer-stopped");

        held.ReleaseAll();
        await viewer.GetByTestId("viewer-continue").ClickAsync();
        await Expect(viewer.GetByTestId("viewer-bar")).Not.ToHaveAttributeAsync("data-state", "cancelled");
        var seen = await Watching.UntilDoneAsync(viewer);
        var final = (await blazar.GetReportAsync(id))!;
        Assert.True(final.Length > stoppedAt);
        Assert.Equal(final.Length, seen.Length); // the replay after Continue added nothing twice
        Assert.Equal(await Pages.StoredTextAsync(viewer, $"/r/{id}"), seen.FrameText);
    }

    [Fact]
    public async Task After_Stop_and_Continue_the_bar_counts_the_tokens_of_the_whole_text()
    {
        var held = blazar.Gate.Hold("Counted whole");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Counted whole", 12));
        held.Release(4000);
        await Wait.UntilAsync(() => Task.FromResult(held.Waiting), n => n == 1, TimeSpan.FromSeconds(20), "the writer to wait mid-way");
        using (var cancel = await blazar.Http.PostAsync($"/api/reports/{id}/cancel", null))
            Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
        await Wait.UntilAsync(async () => (await blazar.GetReportAsync(id))!.Status, s => s == ReportStatus.Cancelled, TimeSpan.FromSeconds(20), "the stop");
        held.ReleaseAll();
        using (var again = await blazar.Http.PostAsync($"/api/reports/{id}/continue", null))
            Assert.Equal(System.Net.HttpStatusCode.Accepted, again.StatusCode);
        await Wait.UntilAsync(async () => (await blazar.GetReportAsync(id))!.Status, s => s == ReportStatus.Done, TimeSpan.FromSeconds(20), "the report to finish");
        await using var context = await blazar.NewContextAsync();
        var viewer = await context.NewPageAsync();

        await viewer.GotoAsync($"/r/{id}");

        var usage = viewer.Locator("#viewer-usage");
        await Expect(usage).ToBeVisibleAsync();
        var title = await usage.GetAttributeAsync("title") ?? "";
        var output = long.Parse(System.Text.RegularExpressions.Regex.Match(title, @"(\d+) output tokens").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var length = (await blazar.GetReportAsync(id))!.Length;
        Assert.InRange(output, length / 4 - 10, length / 4 + 10); // the whole text, not the part after Continue
    }

    [Fact]
    public async Task While_text_keeps_coming_the_bar_shows_an_ETA()
    {
        var held = blazar.Gate.Hold("Time left");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Time left", 40));
        await using var context = await blazar.NewContextAsync();
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        var released = 0;

        // An ETA needs the text to grow for half a second or more: it comes a piece at a time, each once the last is shown.
        await Wait.UntilAsync(
            async () =>
            {
                if (await Pages.MergedLengthAsync(viewer) >= released - 200)
                {
                    held.Release(300);
                    released += 300;
                }
                return await viewer.Locator("#viewer-eta").TextContentAsync() ?? "";
            },
            t => t.Contains("left", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "an ETA in the bar");
        held.ReleaseAll();
    }

    [Fact]
    public async Task Scroll_follows_the_writing_until_the_reader_scrolls_up()
    {
        var held = blazar.Gate.Hold("Follow the writing");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Follow the writing", 40)); // far more text than the test lets through
        await using var context = await blazar.NewContextAsync(height: 640);
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        const string Scroll = """
            () => { const d = document.querySelector('[data-testid=viewer-frame]').contentDocument;
                    const r = d?.scrollingElement;
                    if (!r) return { top: 0, gap: 0, height: 0 };
                    return { top: r.scrollTop, gap: r.scrollHeight - r.scrollTop - r.clientHeight, height: r.scrollHeight }; }
            """;
        // Text is let through a piece at a time, each once the viewer has what came before (a writer's pace, whatever
        // the machine's): while following, the end of the text stays in view as it grows past the frame.
        var released = 0;
        async Task MoreOnceShownAsync(int characters)
        {
            if (await Pages.MergedLengthAsync(viewer) < released - 200)
                return; // the last piece is still on its way (a little may wait in the filter for a tag to end)
            held.Release(characters);
            released += characters;
        }
        var following = await Wait.UntilAsync(
            async () =>
            {
                await MoreOnceShownAsync(500);
                return await viewer.EvaluateAsync<ScrollJson>(Scroll);
            },
            s => s.Height > 3000 && s.Top > 1000, TimeSpan.FromSeconds(20), "the frame to scroll with the text");
        Assert.True(following.Gap < 50, $"The frame is {following.Gap} px above the end of the text.");

        // The reader scrolls up: the view stays where they put it while the text goes on growing.
        var frame = viewer.GetByTestId("viewer-frame");
        await frame.HoverAsync();
        await viewer.Mouse.WheelAsync(0, -600);
        var parked = await Wait.UntilAsync(() => viewer.EvaluateAsync<ScrollJson>(Scroll), s => s.Gap > 300, TimeSpan.FromSeconds(5), "the scroll-up to take effect");
        held.Release(4000);
        await Wait.UntilAsync(() => viewer.EvaluateAsync<ScrollJson>(Scroll), s => s.Height > parked.Height + 1000, TimeSpan.FromSeconds(20), "more text below");
        var after = await viewer.EvaluateAsync<ScrollJson>(Scroll);
        Assert.InRange(after.Top, parked.Top - 5, parked.Top + 5);
        held.ReleaseAll();
    }

    private sealed class ScrollJson
    {
        public double Top { get; set; }
        public double Gap { get; set; }
        public double Height { get; set; }

        public override string ToString() => $"top {Top}, gap {Gap}, height {Height}";
    }

    [Fact]
    public async Task Unknown_report_shows_a_helpful_404_page()
    {
        await using var context = await blazar.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync("/r/AAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("There is nothing here");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go to all reports" })).ToHaveAttributeAsync("href", "/");
        await BlazarBrowser.ScreenshotAsync(page, "not-found");
    }
}
