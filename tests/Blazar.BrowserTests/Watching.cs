using Microsoft.Playwright;

namespace Blazar.BrowserTests;

/// <summary>What a viewer showed when it said done: the characters it merged and the frame's text.</summary>
internal sealed record Seen(int Length, string FrameText);

internal static class Watching
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(40);

    /// <summary>
    /// Watches a viewer until it says done, and reads its frame at that moment. A viewer that ends otherwise (failed,
    /// stopped) fails the wait at once with what its bar says, rather than after the whole timeout.
    /// </summary>
    public static async Task<Seen> UntilDoneAsync(IPage viewer)
    {
        // One evaluation in the page, so nothing can happen between seeing "done" and reading the frame.
        var seen = await viewer.WaitForFunctionAsync(
            """
            () => {
              const bar = document.querySelector('[data-testid=viewer-bar]');
              const state = bar?.dataset.state;
              const length = Number(document.querySelector('[data-testid=viewer-kb]')?.dataset.length ?? 0);
              if (state === 'done') {
                const frame = document.querySelector('[data-testid=viewer-frame]');
                return { state, length, text: frame?.contentDocument?.body?.innerText ?? null };
              }
              if (state === 'failed' || state === 'cancelled') return { state, length, text: bar.innerText };
              return null;
            }
            """,
            null,
            new() { Timeout = (float)Generous.TotalMilliseconds });
        var value = await seen.JsonValueAsync<SeenJson>();
        if (value.State != "done")
            throw new InvalidOperationException($"The viewer ended {value.State} after {value.Length} characters; its bar says: {value.Text}");
        // A page opened after the end shows the stored document, an opaque origin read through the browser instead.
        var text = value.Text ?? await viewer.FrameLocator("[data-testid=viewer-frame]").Locator("body").InnerTextAsync();
        return new Seen(value.Length, text);
    }

    private sealed class SeenJson
    {
        public string State { get; set; } = "";
        public int Length { get; set; }
        public string? Text { get; set; }
    }
}
