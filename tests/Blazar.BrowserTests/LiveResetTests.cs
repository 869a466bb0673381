using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests;

/// <summary>A page that holds text the server never saved drops it on <c>reset</c> and ends with the stored report.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class LiveResetTests(BlazarBrowser blazar)
{
    private const string Kept = "<!doctype html><html><head><title>r</title></head><body><h1>Kept heading</h1><p>Kept words.</p>";
    private const string Void = "<p>Void words the dead writer streamed.</p>";
    private const string Rest = "<p>New words after the restart.</p></body></html>";

    [Fact]
    public async Task A_viewer_and_a_second_tab_drop_the_void_text_on_reset_and_end_with_the_stored_report()
    {
        var store = blazar.Server.Services.GetRequiredService<IReportStore>();
        var log = blazar.Server.Services.GetRequiredService<IChunkLog>();
        var id = ReportId.New();
        var report = new Report(id, new Spec { Title = "Reset mid-way" }, ReportStatus.Generating, DateTimeOffset.UtcNow);
        await store.CreateAsync(report, CancellationToken.None);
        await log.OpenAsync(id, Kept, CancellationToken.None);
        await log.AppendAsync(id, Void, 50, CancellationToken.None);
        try
        {
            await using var context = await blazar.NewContextAsync();
            var viewer = await context.NewPageAsync();
            var relayed = await context.NewPageAsync(); // the same browser: it follows through the first tab's relay
            await viewer.GotoAsync($"/r/{id}");
            await relayed.GotoAsync($"/r/{id}");
            foreach (var page in new[] { viewer, relayed })
                await Wait.UntilAsync(() => Pages.FrameTextAsync(page), t => t.Contains("Void words", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "the void text in the frame");

            // What a restart does: the log is gone, then opened again from the last save, which the viewers had read past.
            await log.RemoveAsync(id, CancellationToken.None);
            await log.OpenAsync(id, Kept, resumed: true, CancellationToken.None);
            await log.AppendAsync(id, Rest, 90, CancellationToken.None);
            await store.UpdateAsync(report with { Status = ReportStatus.Done, Progress = 100, Length = (Kept + Rest).Length, CompletedAt = DateTimeOffset.UtcNow }, Kept + Rest, CancellationToken.None);
            await log.EndAsync(id, new LogEnd(ReportStatus.Done), CancellationToken.None);

            foreach (var page in new[] { viewer, relayed })
            {
                var seen = await Watching.UntilDoneAsync(page);
                Assert.DoesNotContain("Void words", seen.FrameText, StringComparison.Ordinal); // before: kept for good
                Assert.Contains("New words after the restart.", seen.FrameText, StringComparison.Ordinal);
                Assert.Equal((Kept + Rest).Length, seen.Length);
                await Expect(page.GetByTestId("viewer-kb")).ToHaveAttributeAsync("data-length", (Kept + Rest).Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            Assert.Equal(await Pages.StoredTextAsync(await context.NewPageAsync(), $"/r/{id}"), (await Watching.UntilDoneAsync(viewer)).FrameText);
        }
        finally
        {
            await store.DeleteAsync(id, CancellationToken.None);
            await log.RemoveAsync(id, CancellationToken.None);
        }
    }
}
