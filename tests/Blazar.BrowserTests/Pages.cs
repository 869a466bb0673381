using Microsoft.Playwright;

namespace Blazar.BrowserTests;

/// <summary>What the tests read from Blazar's pages.</summary>
internal static class Pages
{
    public const string FrameTextScript =
        "() => document.querySelector('[data-testid=viewer-frame]')?.contentDocument?.body?.innerText ?? ''";

    /// <summary>The text rendered so far in a live viewer's frame.</summary>
    public static Task<string> FrameTextAsync(IPage viewer) => viewer.EvaluateAsync<string>(FrameTextScript);

    /// <summary>The characters of the report the viewer has merged so far.</summary>
    public static async Task<int> MergedLengthAsync(IPage viewer) =>
        int.TryParse(await viewer.GetByTestId("viewer-kb").GetAttributeAsync("data-length"), out var n) ? n : 0;

    /// <summary>
    /// Opens report page <paramref name="path"/> afresh and reads the finished report's text from its frame, which then
    /// shows the stored document (an opaque origin the page cannot read; the test reads it through the browser).
    /// </summary>
    public static async Task<string> StoredTextAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Assertions.Expect(page.GetByTestId("viewer-frame")).ToHaveAttributeAsync("src", path + "/raw");
        var body = page.FrameLocator("[data-testid=viewer-frame]").Locator("body");
        await Assertions.Expect(body).Not.ToBeEmptyAsync();
        return await body.InnerTextAsync();
    }

    /// <summary>Answers the scripted interview and waits for the proposed spec.</summary>
    public static async Task InterviewAsync(IPage hub, params string[] answers)
    {
        var sent = 0;
        foreach (var answer in answers)
        {
            await hub.GetByTestId("chat-input").FillAsync(answer);
            await hub.GetByTestId("chat-send").ClickAsync();
            sent++;
            // The reply to this answer has arrived once the send button is enabled again.
            await Assertions.Expect(hub.Locator(".message.user")).ToHaveCountAsync(sent);
            await Assertions.Expect(hub.GetByTestId("chat-send")).ToBeEnabledAsync();
        }
    }
}
