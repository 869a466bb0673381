using Microsoft.Playwright;

namespace Blazar.BrowserTests;

/// <summary>What a viewer showed when it said done: the characters it merged and the frame's text.</summary>
internal sealed record Seen(int Length, string FrameText);

internal static class Watching
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(40);

    /// <summary>Watches a viewer until it says done, and reads its frame at that moment.</summary>
    public static async Task<Seen> UntilDoneAsync(IPage viewer)
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
