using System.Net.Http.Json;
using Blazar.Reports;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>The report page's bar: what each caller may use, and a live report that finishes where the reader is.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ReportPageTests(BlazarBrowser blazar)
{
    [Fact]
    public async Task The_owner_has_every_action_and_a_team_viewer_only_those_for_reading()
    {
        var id = await blazar.FinishedReportAsync(BlazarBrowser.LongSpec("Bar by role", 3));
        using (var shared = await blazar.Http.PatchAsJsonAsync($"/api/reports/{id}", new { visibility = "team" }))
            shared.EnsureSuccessStatusCode();

        await using var ownerContext = await blazar.NewContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await owner.GotoAsync($"/r/{id}");
        await Expect(owner.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
        await Expect(owner.GetByTestId("viewer-state")).ToContainTextAsync("Finished");
        foreach (var action in new[] { "share-button", "download-menu", "print-button", "revise-button", "versions-menu", "viewer-back" })
            await Expect(owner.GetByTestId(action)).ToBeVisibleAsync();
        await Expect(owner.GetByTestId("viewer-owner")).ToContainTextAsync("Shared with the team");

        await using var memberContext = await blazar.NewMemberContextAsync("bar-reader@blazar.test");
        var member = await memberContext.NewPageAsync();
        await member.GotoAsync($"/r/{id}");
        await Expect(member.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
        await Expect(member.GetByTestId("download-menu")).ToBeVisibleAsync();
        await Expect(member.GetByTestId("print-button")).ToBeVisibleAsync();
        await Expect(member.GetByTestId("versions-menu")).ToBeVisibleAsync();
        await Expect(member.GetByTestId("share-button")).ToBeHiddenAsync();
        await Expect(member.GetByTestId("revise-button")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task At_done_the_page_and_its_frame_stay_as_they_were_scrolled_where_the_reader_left_them()
    {
        var held = blazar.Gate.Hold("Stays put");
        var id = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Stays put", 40));
        await using var context = await blazar.NewContextAsync(height: 640);
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        held.Release(9000);
        await Wait.UntilAsync(() => viewer.EvaluateAsync<int>(ScrollHeight), h => h > 2000, Watching.Generous, "text taller than the frame");
        await Expect(viewer.GetByTestId("download-menu")).ToBeHiddenAsync(); // nothing finished to download yet

        // The reader scrolls to the middle; the page and the frame's document are marked, so a reload would show.
        var top = await viewer.EvaluateAsync<int>("""
            () => { window.blazarMark = 'page';
                    const frame = document.querySelector('[data-testid=viewer-frame]');
                    window.blazarFrame = frame; frame.contentDocument.blazarMark = 'frame';
                    const root = frame.contentDocument.scrollingElement; root.scrollTop = 700; return root.scrollTop; }
            """);
        Assert.Equal(700, top);
        held.ReleaseAll();
        await Watching.UntilDoneAsync(viewer);

        var after = await viewer.EvaluateAsync<AfterJson>("""
            () => { const frame = document.querySelector('[data-testid=viewer-frame]');
                    return { page: window.blazarMark ?? null, sameFrame: frame === window.blazarFrame,
                             frame: frame.contentDocument?.blazarMark ?? null, top: frame.contentDocument?.scrollingElement?.scrollTop ?? -1,
                             url: location.pathname }; }
            """);
        Assert.Equal("page", after.Page);
        Assert.True(after.SameFrame, "the frame element was replaced");
        Assert.Equal("frame", after.Frame);
        Assert.Equal(700, after.Top);
        Assert.Equal($"/r/{id}", after.Url);
        await Expect(viewer.GetByTestId("viewer-state")).ToContainTextAsync("Finished");
        await Expect(viewer.GetByTestId("download-menu")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(ColorScheme.Light, 1280)]
    [InlineData(ColorScheme.Dark, 1280)]
    [InlineData(ColorScheme.Light, 375)]
    [InlineData(ColorScheme.Dark, 375)]
    public async Task Every_action_fits_the_width_on_a_phone_and_a_desktop_light_or_dark(ColorScheme scheme, int width)
    {
        var id = await blazar.FinishedReportAsync(BlazarBrowser.LongSpec($"A bar for every screen with a rather long title {scheme} {width}", 4));
        await using var context = await blazar.NewContextAsync(scheme, width: width, height: 760);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/r/{id}");
        await Expect(page.GetByTestId("download-menu")).ToBeVisibleAsync();

        await page.GetByTestId("download-menu").ClickAsync();
        await Expect(page.GetByTestId("download-list")).ToBeVisibleAsync();
        foreach (var control in new[] { "viewer-back", "share-button", "download-menu", "print-button", "revise-button", "versions-menu", "download-docx" })
        {
            var box = await page.GetByTestId(control).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= width, $"{control} runs off a {width} px screen ({box.X} + {box.Width})");
        }
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width, "the page scrolls sideways");
        await BlazarBrowser.ScreenshotAsync(page, $"report-page-{scheme.ToString().ToLowerInvariant()}-{width}");
    }

    private const string ScrollHeight = "() => document.querySelector('[data-testid=viewer-frame]').contentDocument?.scrollingElement?.scrollHeight ?? 0";

    private sealed class AfterJson
    {
        public string? Page { get; set; }
        public bool SameFrame { get; set; }
        public string? Frame { get; set; }
        public int Top { get; set; }
        public string Url { get; set; } = "";
    }
}
