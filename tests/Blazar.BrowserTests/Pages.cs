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

    /// <summary>True once the page is the permanent report rather than the live viewer.</summary>
    public static async Task<bool> IsPermanentAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<bool>("() => document.readyState === 'complete' && !document.querySelector('[data-testid=viewer-bar]') && !!document.querySelector('h1, h2')");
        }
        catch (PlaywrightException)
        {
            return false; // navigating
        }
    }

    public static Task<string> BodyTextAsync(IPage page) => page.EvaluateAsync<string>("() => document.body.innerText");

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
