using System.Net;
using System.Net.Http.Json;
using Blazar.Reports;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>Revise and Versions on the report page: a revision written live in place, old versions read, compared and restored.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class RevisionTests(BlazarBrowser blazar)
{
    [Fact]
    public async Task A_section_revised_from_the_dialog_is_written_live_in_the_same_page()
    {
        var id = await blazar.FinishedReportAsync(BlazarBrowser.LongSpec("Revised in place", 4));
        var before = await blazar.Http.GetStringAsync($"/r/{id}/raw");
        var held = blazar.Gate.Hold("Revised in place"); // from now on: the revision's words wait for the test
        await using var context = await blazar.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/r/{id}");
        await Expect(page.GetByTestId("viewer-state")).ToHaveTextAsync("Finished · version 1");
        await page.EvaluateAsync("() => { window.blazarMark = 'page'; }");

        await page.GetByTestId("revise-button").ClickAsync();
        var dialog = page.GetByTestId("revise-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.GetByTestId("revise-instruction")).ToBeFocusedAsync();
        await Expect(page.GetByTestId("revise-section").Locator("option")).ToHaveTextAsync(["The whole report", "Only “Part 1”", "Only “Part 2”", "Only “Part 3”", "Only “Part 4”"]);
        // Nothing asked: the field says so and nothing is sent.
        await page.GetByTestId("revise-submit").ClickAsync();
        await Expect(dialog.Locator(".field-error[data-field=instruction]")).ToBeVisibleAsync();
        await page.GetByTestId("revise-section").SelectOptionAsync("Part 2");
        await page.GetByTestId("revise-instruction").FillAsync("Make it shorter");
        await BlazarBrowser.ScreenshotAsync(page, "report-revise-dialog");
        await page.GetByTestId("revise-submit").ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByTestId("viewer-state")).ToContainTextAsync("version 2");
        await Expect(page.GetByTestId("viewer-bar")).Not.ToHaveAttributeAsync("data-state", "done");
        await Expect(page.GetByTestId("download-menu")).ToBeHiddenAsync();
        // The text before the section is there at once; the section itself waits for the writer.
        await Wait.UntilAsync(() => Pages.FrameTextAsync(page), t => t.Contains("Part 1", StringComparison.Ordinal), Watching.Generous, "the text before the section");
        Assert.DoesNotContain("Revised as asked", await Pages.FrameTextAsync(page), StringComparison.Ordinal);
        held.ReleaseAll();

        var seen = await Watching.UntilDoneAsync(page);
        Assert.Contains("Revised as asked: “Make it shorter”.", seen.FrameText, StringComparison.Ordinal);
        Assert.Contains("Part 4", seen.FrameText, StringComparison.Ordinal);
        Assert.Equal("page", await page.EvaluateAsync<string?>("() => window.blazarMark ?? null")); // followed in place, never reloaded
        await Expect(page.GetByTestId("viewer-state")).ToHaveTextAsync("Finished · version 2");
        var after = await blazar.Http.GetStringAsync($"/r/{id}/raw");
        Assert.NotEqual(before, after);
        Assert.Equal(after.Length, seen.Length);
    }

    [Fact]
    public async Task A_revision_started_elsewhere_is_followed_by_the_open_page()
    {
        var id = await blazar.FinishedReportAsync(BlazarBrowser.LongSpec("Revised elsewhere", 3));
        var held = blazar.Gate.Hold("Revised elsewhere");
        await using var context = await blazar.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/r/{id}");
        await Expect(page.GetByTestId("viewer-state")).ToHaveTextAsync("Finished · version 1");
        await page.EvaluateAsync("() => { window.blazarMark = 'page'; }");

        using (var revise = await blazar.Http.PostAsJsonAsync($"/api/reports/{id}/revisions", new { instruction = "Add a word on pricing" }))
            Assert.Equal(HttpStatusCode.Accepted, revise.StatusCode);

        await Expect(page.GetByTestId("viewer-state")).ToContainTextAsync("version 2");
        held.ReleaseAll();
        var seen = await Watching.UntilDoneAsync(page);
        Assert.Contains("Revised as asked: “Add a word on pricing”.", seen.FrameText, StringComparison.Ordinal);
        Assert.Equal("page", await page.EvaluateAsync<string?>("() => window.blazarMark ?? null"));
    }

    [Fact]
    public async Task Versions_lists_each_one_opens_an_old_one_compares_two_and_restores()
    {
        var id = await blazar.FinishedReportAsync(BlazarBrowser.LongSpec("Versioned report", 3));
        using (var revise = await blazar.Http.PostAsJsonAsync($"/api/reports/{id}/revisions", new { instruction = "Say it plainer", section = "Part 2" }))
            Assert.Equal(HttpStatusCode.Accepted, revise.StatusCode);
        await Wait.UntilAsync(async () => (await blazar.GetReportAsync(id))!.Status, s => s == ReportStatus.Done, Watching.Generous, "version 2 to be written");
        await using var context = await blazar.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/r/{id}");

        await page.GetByTestId("versions-menu").ClickAsync();
        var rows = page.GetByTestId("version-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("Version 2 · current");
        await Expect(rows.Nth(0)).ToContainTextAsync("“Say it plainer” (section “Part 2”)");
        await Expect(rows.Nth(0)).ToContainTextAsync("tokens out");
        await Expect(rows.Nth(1)).ToContainTextAsync("Written from the spec");
        await Expect(rows.Nth(1).GetByTestId("version-restore")).ToBeVisibleAsync();
        await Expect(rows.Nth(0).GetByTestId("version-restore")).ToHaveCountAsync(0); // the current one is current already
        await BlazarBrowser.ScreenshotAsync(page, "report-versions-dialog");

        // Version 1, read at its own address, downloads as itself.
        await rows.Nth(1).GetByTestId("version-open").ClickAsync();
        await page.WaitForURLAsync($"**/r/{id}?v=1");
        await Expect(page.GetByTestId("viewer-frame")).ToHaveAttributeAsync("src", $"/r/{id}/raw?v=1");
        await Expect(page.GetByTestId("viewer-version-note")).ToContainTextAsync("version 1 of 2");
        await Expect(page.GetByTestId("revise-button")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("download-md")).ToHaveAttributeAsync("href", $"/r/{id}/export/md?v=1");
        var text = await page.FrameLocator("[data-testid=viewer-frame]").Locator("body").InnerTextAsync();
        Assert.DoesNotContain("Say it plainer", text, StringComparison.Ordinal);

        // Compared: the changed section shows what was put in and what was taken out.
        await page.GetByTestId("versions-menu").ClickAsync();
        await page.GetByTestId("compare-from").SelectOptionAsync("1");
        await page.GetByTestId("compare-to").SelectOptionAsync("2");
        await page.GetByTestId("compare-submit").ClickAsync();
        var diff = page.GetByTestId("viewer-diff");
        await Expect(diff).ToBeVisibleAsync();
        var changed = diff.Locator("[data-testid=diff-section][data-change=changed]");
        await Expect(changed).ToHaveCountAsync(1);
        await Expect(changed.Locator("h3")).ToHaveTextAsync("Part 2");
        await Expect(changed.Locator("ins").First).ToBeVisibleAsync();
        Assert.Contains("plainer", string.Concat(await changed.Locator("ins").AllTextContentsAsync()), StringComparison.Ordinal);
        await Expect(diff.Locator("[data-testid=diff-section][data-change=same]")).Not.ToHaveCountAsync(0);
        await BlazarBrowser.ScreenshotAsync(page, "report-diff");
        await page.GetByTestId("diff-close").ClickAsync();
        await Expect(diff).ToBeHiddenAsync();

        // Restored: version 1's text is current again, as version 3.
        await page.GetByTestId("versions-menu").ClickAsync();
        await page.GetByTestId("version-row").Nth(1).GetByTestId("version-restore").ClickAsync();
        await page.WaitForURLAsync($"**/r/{id}");
        await Expect(page.GetByTestId("viewer-state")).ToHaveTextAsync("Finished · version 3");
        Assert.Equal(await blazar.Http.GetStringAsync($"/r/{id}/raw?v=1"), await blazar.Http.GetStringAsync($"/r/{id}/raw"));
    }
}
