using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class HubSearchTests(BlazarBrowser blazar)
{
    [Fact]
    public async Task The_search_box_shows_only_the_reports_found_with_a_plain_text_snippet_and_clearing_it_shows_all_again()
    {
        var word = "quokka" + Guid.NewGuid().ToString("n")[..8].Replace('0', 'q').Replace('1', 'k');
        var other = await blazar.StartReportAsync(BlazarBrowser.LongSpec("Harbour notes", 2));
        var found = await blazar.StartReportAsync(BlazarBrowser.LongSpec("<img src=x onerror=alert(1)> Field diary", 2) with
        {
            Sections = ["Overview", $"Sightings of {word} at dawn"],
        });
        foreach (var id in new[] { other, found }) // the text is searchable once the report is finished
            await Wait.UntilAsync(() => blazar.GetReportAsync(id), r => r?.Status == Reports.ReportStatus.Done, TimeSpan.FromSeconds(60), $"report {id} done");

        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        var foundNode = hub.Locator($"[data-testid=report-node][data-report-id='{found}']");
        var otherNode = hub.Locator($"[data-testid=report-node][data-report-id='{other}']");
        await Expect(otherNode).ToBeVisibleAsync();

        await hub.GetByTestId("hub-search").FillAsync(word);

        await Expect(otherNode).ToBeHiddenAsync();
        await Expect(foundNode).ToBeVisibleAsync();
        await Expect(hub.Locator("[data-testid=report-node]:visible")).ToHaveCountAsync(1);
        var snippet = foundNode.GetByTestId("hub-snippet");
        await Expect(snippet).ToContainTextAsync(word);
        var text = await snippet.TextContentAsync() ?? "</";
        Assert.DoesNotContain("</", text, StringComparison.Ordinal); // the report's words, not its markup
        Assert.DoesNotContain("<h2", text, StringComparison.Ordinal);
        await Expect(foundNode.Locator("img")).ToHaveCountAsync(0);
        await Expect(foundNode.Locator(".node-title")).ToHaveTextAsync("<img src=x onerror=alert(1)> Field diary"); // text, never markup
        await Expect(hub.Locator("#hub-search-status")).ToContainTextAsync("1 found");
        await BlazarBrowser.ScreenshotAsync(hub, "hub-search");

        await hub.GetByTestId("hub-search").FillAsync("");
        await Expect(otherNode).ToBeVisibleAsync();
        await Expect(snippet).ToBeHiddenAsync();
    }
}
