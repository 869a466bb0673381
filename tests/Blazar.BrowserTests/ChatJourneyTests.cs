using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed partial class ChatJourneyTests(BlazarBrowser blazar)
{
    private static readonly string[] Sections = [.. Enumerable.Range(1, 14).Select(i => $"Finding {i}")];

    [Fact]
    public async Task Chat_spec_confirmed_is_written_live_in_a_new_tab_and_becomes_the_permanent_report()
    {
        await using var context = await blazar.NewContextAsync();
        var hub = await context.NewPageAsync();
        await hub.GotoAsync("/");
        await Expect(hub.Locator("#mode-badge")).ToContainTextAsync("Offline writer");

        await Pages.InterviewAsync(hub,
            "A report about Q3 customer churn",
            "the leadership team",
            string.Join("\n", Sections),
            "month,churned,active\nJul,120,5400\nAug,150,5300\nSep,190,5150",
            "concise");
        var spec = hub.GetByTestId("spec-card");
        await Expect(spec).ToContainTextAsync("Q3 customer churn");
        await Expect(spec).ToContainTextAsync("the leadership team");
        await Expect(spec).ToContainTextAsync("Finding 14");
        await Expect(spec.GetByTestId("spec-data-table")).ToContainTextAsync("3 rows × 3 columns");
        await Expect(spec.GetByTestId("spec-data-table").Locator("tbody tr").Last).ToContainTextAsync("190");
        await Expect(spec).ToContainTextAsync("concise");

        await spec.GetByTestId("spec-edit").ClickAsync();
        await spec.Locator("input[name=title]").FillAsync("Q3 churn review");
        await spec.GetByTestId("spec-save").ClickAsync();
        await Expect(spec.Locator(".card-title")).ToHaveTextAsync("Q3 churn review");

        // The conversation survives a reload.
        await hub.ReloadAsync();
        await Expect(hub.Locator(".message.user")).ToHaveCountAsync(5);
        await Expect(hub.GetByTestId("spec-card").Locator(".card-title")).ToHaveTextAsync("Q3 churn review");
        await BlazarBrowser.ScreenshotAsync(hub, "chat-spec-card");

        var held = blazar.Gate.Hold("Q3 churn review");
        await hub.GetByTestId("spec-confirm").ClickAsync();
        var card = hub.GetByTestId("generation-card");
        var viewLive = card.GetByTestId("view-live");
        await Expect(viewLive).ToBeVisibleAsync();
        await Expect(card.GetByTestId("stop-generation")).ToBeVisibleAsync();
        var id = await card.GetAttributeAsync("data-report-id");
        Assert.Matches("^[A-Za-z0-9_-]{22}$", id);
        await Expect(viewLive).ToHaveAttributeAsync("href", $"/r/{id}");
        var node = hub.Locator($"[data-testid=report-node][data-report-id='{id}']");
        await Expect(node).ToHaveAttributeAsync("data-status", ActivePattern());

        var viewer = await hub.RunAndWaitForPopupAsync(() => viewLive.ClickAsync());
        await Expect(viewer.GetByTestId("viewer-bar")).ToContainTextAsync("Q3 churn review");
        var samples = await SampleGrowthAsync(viewer, held, count: 4, midway: () => BlazarBrowser.ScreenshotAsync(viewer, "viewer-live"));
        Assert.True(samples.Count >= 4, $"The frame grew only through {string.Join(", ", samples)}.");
        await BlazarBrowser.ScreenshotAsync(hub, "chat-generation-card");
        held.ReleaseAll();

        // At done the same page is the finished report, at the same URL, without a reload.
        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 30_000 });
        Assert.EndsWith($"/r/{id}", viewer.Url, StringComparison.Ordinal);
        var report = viewer.FrameLocator("[data-testid=viewer-frame]");
        await Expect(report.Locator("h1").First).ToContainTextAsync("Q3 churn review");
        await Expect(report.Locator("h2", new() { HasText = "Finding 14" })).ToBeVisibleAsync();
        await BlazarBrowser.ScreenshotAsync(viewer, "report-permanent");

        await Expect(card.GetByTestId("open-report")).ToBeVisibleAsync();
        await Expect(card.GetByTestId("open-report")).ToHaveAttributeAsync("href", $"/r/{id}");
        await Expect(node).ToHaveAttributeAsync("data-status", "done");
        await BlazarBrowser.ScreenshotAsync(hub, "hub-after-journey");
    }

    /// <summary>Lets the held report on piece by piece and reads the frame's text each time it has grown, <paramref name="count"/> times.</summary>
    private static async Task<List<int>> SampleGrowthAsync(IPage viewer, Blazar.Testing.HeldReport held, int count, Func<Task>? midway = null)
    {
        var samples = new List<int>();
        while (samples.Count < count)
        {
            var last = samples.Count == 0 ? 0 : samples[^1];
            held.Release(samples.Count == 0 ? 4000 : 800); // the first piece gets past the styles to visible text
            samples.Add(await Wait.UntilAsync(async () => (await Pages.FrameTextAsync(viewer)).Length, n => n > last, TimeSpan.FromSeconds(15), $"the frame to grow past {last} characters"));
            if (samples.Count == 2 && midway is not null)
                await midway();
        }
        return samples;
    }

    [GeneratedRegex("^(queued|generating)$")]
    private static partial Regex ActivePattern();
}
