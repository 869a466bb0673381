using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Blazar.BrowserTests.Sealed;

/// <summary>What happens to a reader across every tab of a browser context: dialogs (dismissed), and where each tab's top window goes.</summary>
internal sealed class ReaderWatch
{
    private readonly ConcurrentQueue<string> _dialogs = new();
    private readonly ConcurrentDictionary<IPage, ConcurrentQueue<string>> _navigations = new();

    public ReaderWatch(IBrowserContext context) => context.Page += (_, page) => Watch(page);

    public IReadOnlyList<string> Dialogs => [.. _dialogs];

    /// <summary>Every URL the top window of <paramref name="page"/> has shown, the first load included.</summary>
    public IReadOnlyList<string> TopNavigations(IPage page) => _navigations.TryGetValue(page, out var urls) ? [.. urls] : [];

    private void Watch(IPage page)
    {
        var urls = _navigations.GetOrAdd(page, _ => new ConcurrentQueue<string>());
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
                urls.Enqueue(frame.Url);
        };
        page.Dialog += async (_, dialog) =>
        {
            _dialogs.Enqueue($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
    }
}
