using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;
using Blazar.Writers.Offline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blazar.BrowserTests.Sealed;

/// <summary>
/// A report is a document (design §4). Written by a model turned hostile, it runs nothing, reaches nothing (neither
/// another site nor Blazar itself) and moves no one, while it is written and once it is done; and its text, chart and
/// links still work for the reader.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SealedReportTests(BlazarBrowser blazar, SealedServer server) : IClassFixture<SealedServer>
{
    private const string Frame = "[data-testid=viewer-frame]";
    private const string StoredSandbox = "allow-popups allow-popups-to-escape-sandbox";

    [Fact]
    public async Task A_hostile_report_from_the_model_reaches_nothing_and_moves_no_one_while_written_and_once_done()
    {
        await using var attacker = new Listener();
        await using var destination = new Listener();
        var (before, after) = HostileReport.Build(attacker.Origin, destination.Origin, withIframes: true);
        var id = await server.StartAsync("Hostile report", before, after);

        await ReadUnderAttackAsync(id, attacker, destination, filtered: true, finish: () =>
        {
            server.Model.Open();
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task The_policies_alone_hold_a_hostile_report_that_never_went_through_the_filter()
    {
        // Straight into the log, as written: <img name=write> and a stylesheet that never ends included. Left out are
        // <iframe src>, the one thing Chromium connects for despite the policy, and the link clicks: both are the filter's.
        await using var attacker = new Listener();
        await using var destination = new Listener();
        var (before, after) = HostileReport.Build(attacker.Origin, destination.Origin, withIframes: false);
        var store = server.Server.Services.GetRequiredService<IReportStore>();
        var log = server.Server.Services.GetRequiredService<IChunkLog>();
        var report = new Report(ReportId.New(), new Spec { Title = "Unfiltered report" }, ReportStatus.Generating, DateTimeOffset.UtcNow);
        await store.CreateAsync(report, CancellationToken.None);
        await log.OpenAsync(report.Id, before, CancellationToken.None);

        await ReadUnderAttackAsync(report.Id, attacker, destination, filtered: false, finish: async () =>
        {
            var text = before + after;
            await log.AppendAsync(report.Id, after, 90, CancellationToken.None);
            await store.UpdateAsync(report with { Status = ReportStatus.Done, Progress = 100, Length = text.Length, CompletedAt = DateTimeOffset.UtcNow }, text, CancellationToken.None);
            await log.EndAsync(report.Id, new LogEnd(ReportStatus.Done), CancellationToken.None);
        });
    }

    [Fact]
    public async Task No_host_name_in_a_hostile_report_is_even_looked_up_live_or_finished()
    {
        // A DNS lookup alone carries data out (to whoever serves the name), so a Chromium of its own records its
        // network stack; a click on the report's one link is the control that shows lookups are recorded.
        var (before, after) = HostileReport.Build("http://exfiltrate.example", "http://destination.example", withIframes: true);
        var id = await server.StartAsync("Named hosts", before, after);
        var netLog = Path.Combine(Path.GetTempPath(), $"blazar-netlog-{Guid.NewGuid():N}.json");
        using var playwright = await Playwright.CreateAsync();
        await using (var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", $"--log-net-log={netLog}"],
        }))
        {
            var context = await browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
            await BrowserSession.AddAsync(context, server.BaseAddress, server.Session);
            var viewer = await context.NewPageAsync();
            await viewer.GotoAsync($"/r/{id}");
            await Expect(viewer.FrameLocator(Frame).Locator(".lead")).ToHaveTextAsync(HostileReport.TextBeforeGate);
            server.Model.Open();
            await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
            await Expect(viewer.FrameLocator(Frame).Locator("body")).ToContainTextAsync(HostileReport.TextAfterGate);
            var fresh = await context.NewPageAsync();
            await fresh.GotoAsync($"/r/{id}");
            await Expect(fresh.FrameLocator(Frame).Locator("body")).ToContainTextAsync(HostileReport.TextAfterGate);
            var tab = await context.RunAndWaitForPageAsync(() => fresh.FrameLocator(Frame).Locator("#source").ClickAsync());
            await tab.WaitForLoadStateAsync();
        }

        var log = await File.ReadAllTextAsync(netLog);
        File.Delete(netLog);
        Assert.True(log.Contains("destination.example", StringComparison.Ordinal), "The net log shows no lookup at all, not even the click's.");
        Assert.False(log.Contains("exfiltrate.example", StringComparison.Ordinal), "Chromium looked up the report's host name.");
    }

    [Fact]
    public async Task The_report_page_live_and_finished_fits_light_dark_and_a_narrow_screen()
    {
        var text = OfflineReport.Render(new Spec
        {
            Title = "Regional sales review",
            Summary = "How the four regions did this year, and what to do next",
            Sections = ["Summary", "Regions", "Outlook", "Next steps"],
            Data = "region,revenue\nNorth,120\nSouth,95\nEast,140\nWest,80",
        }, DateTimeOffset.UtcNow);
        var half = text.IndexOf("<h2", text.Length / 2, StringComparison.Ordinal);
        var id = await server.StartAsync("Regional sales review", text[..half], text[half..]);
        (string Name, ColorScheme Scheme, int Width, int Height)[] looks = [("light", ColorScheme.Light, 1280, 860), ("dark", ColorScheme.Dark, 1280, 860), ("375px", ColorScheme.Light, 375, 812)];
        var viewers = new List<(string Name, IPage Page, IBrowserContext Context)>();
        try
        {
            foreach (var (name, scheme, width, height) in looks)
            {
                var context = await NewContextAsync(scheme, width, height);
                var page = await context.NewPageAsync();
                await page.GotoAsync($"/r/{id}");
                await Expect(page.FrameLocator(Frame).Locator("h1")).ToContainTextAsync("Regional sales review");
                await ExpectFitsAsync(page, width, height);
                await BlazarBrowser.ScreenshotAsync(page, $"report-live-{name}");
                viewers.Add((name, page, context));
            }

            server.Model.Open();
            foreach (var (name, page, _) in viewers)
            {
                await Expect(page.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
                await BlazarBrowser.ScreenshotAsync(page, $"report-done-{name}");
                await page.ReloadAsync();
                await Expect(page.FrameLocator(Frame).Locator("h2").Last).ToBeVisibleAsync();
                await Expect(page.Locator(Frame)).ToHaveAttributeAsync("sandbox", StoredSandbox);
                await ExpectFitsAsync(page, looks.Single(l => l.Name == name).Width, looks.Single(l => l.Name == name).Height);
                await BlazarBrowser.ScreenshotAsync(page, $"report-stored-{name}");
            }
        }
        finally
        {
            foreach (var (_, _, context) in viewers)
                await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_offline_report_on_a_phone_draws_a_negative_bar_left_of_zero_with_units_and_readable_labels()
    {
        var text = OfflineReport.Render(new Spec
        {
            Title = "Regional revenue",
            Sections = ["Summary", "Data", "Next steps"],
            Data = "region,Revenue 2024,Revenue 2025,Growth\nNorth,\"$1,200\",\"$1,300\",8.3%\nSouth,\"$1,000\",$923,-7.7%\nWest,$500,$650,30.0%\n",
        }, DateTimeOffset.UtcNow);
        var half = text.IndexOf("<h2", text.Length / 2, StringComparison.Ordinal);
        var id = await server.StartAsync("Regional revenue", text[..half], text[half..]);
        server.Model.Open();
        await using var context = await NewContextAsync(width: 375, height: 812);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/r/{id}");
        await Expect(page.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");

        var growth = page.FrameLocator(Frame).Locator("svg[aria-label^='Growth']");
        await Expect(growth).ToBeVisibleAsync();
        var chart = await growth.EvaluateAsync<ChartReading>("""
            svg => {
              const zero = svg.querySelector("line.axis").getBoundingClientRect().left;
              const negative = svg.querySelector("rect.bar.negative").getBoundingClientRect();
              const positive = [...svg.querySelectorAll("rect.bar:not(.negative)")].map(r => r.getBoundingClientRect().left);
              const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
              return { negativeRight: negative.right, zero, positiveLeft: Math.min(...positive), smallestText: Math.min(...sizes),
                       values: [...svg.querySelectorAll("text.value")].map(t => t.textContent) };
            }
            """);
        await BlazarBrowser.ScreenshotAsync(page, "offline-chart-375px");

        Assert.True(chart.NegativeRight <= chart.Zero + 0.5, $"the negative bar ends at {chart.NegativeRight:0.0} px, right of zero at {chart.Zero:0.0} px");
        Assert.True(chart.PositiveLeft >= chart.Zero - 0.5, "a positive bar starts left of zero");
        Assert.Contains("−7.7%", chart.Values);
        Assert.Contains("30.0%", chart.Values);
        Assert.True(chart.SmallestText >= 11, $"chart text is {chart.SmallestText:0.0} px at 375 px");
    }

    private sealed class ChartReading
    {
        public double NegativeRight { get; set; }
        public double Zero { get; set; }
        public double PositiveLeft { get; set; }
        public double SmallestText { get; set; }
        public string[] Values { get; set; } = [];
    }

    /// <summary>
    /// Reads report <paramref name="id"/> live, then has it finished, then opens it afresh, checking the seal all along;
    /// <paramref name="filtered"/> text (what the server writes) has links that open new tabs, and they are clicked.
    /// </summary>
    private async Task ReadUnderAttackAsync(string id, Listener attacker, Listener destination, bool filtered, Func<Task> finish)
    {
        await using var context = await NewContextAsync();
        var watch = new ReaderWatch(context);
        var other = await context.NewPageAsync();
        await other.GotoAsync("/");
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"/r/{id}");
        var report = viewer.FrameLocator(Frame);

        // Mid-report: everything before the gate is in the live frame.
        await Expect(report.Locator(".lead")).ToHaveTextAsync(HostileReport.TextBeforeGate);
        await ExpectReadableAsync(report);
        await ExpectSealedAsync(viewer, other, watch, attacker, "while the report is written");
        if (filtered)
            await OpenLinkAsync(context, report.Locator("#early-source"), destination, "/early-source");

        // The reader scrolls to the top; the report finishes in the same page, where they are.
        var liveFrame = viewer.Frames.Single(f => f.ParentFrame == viewer.MainFrame);
        await viewer.EvaluateAsync("() => window.stillTheSamePage = true");
        await viewer.Locator(Frame).HoverAsync();
        await viewer.Mouse.WheelAsync(0, -20_000);
        await Wait.UntilAsync(() => liveFrame.EvaluateAsync<double>("() => scrollY"), y => y == 0, TimeSpan.FromSeconds(10), "the frame scrolled to the top");
        await finish();
        await Expect(viewer.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
        await Expect(report.Locator("body")).ToContainTextAsync(HostileReport.TextAfterGate);
        Assert.True(await viewer.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "The page reloaded at done.");
        Assert.Equal(0, await liveFrame.EvaluateAsync<double>("() => scrollY"));
        await ExpectReadableAsync(report);
        await ExpectSealedAsync(viewer, other, watch, attacker, "once done, in the page that watched it");
        await ExpectInertAsync(context, report, filtered);
        if (filtered)
            await OpenLinkAsync(context, report.Locator("#source"), destination, "/source");

        // Opened afresh, the finished report is the stored document in a frame with the stored report's sandbox.
        var fresh = await context.NewPageAsync();
        await fresh.GotoAsync($"/r/{id}");
        await Expect(fresh.GetByTestId("viewer-bar")).ToHaveAttributeAsync("data-state", "done");
        await Expect(fresh.Locator(Frame)).ToHaveAttributeAsync("sandbox", StoredSandbox);
        await Expect(fresh.Locator(Frame)).ToHaveAttributeAsync("src", $"/r/{id}/raw");
        var stored = fresh.FrameLocator(Frame);
        await Expect(stored.Locator("body")).ToContainTextAsync(HostileReport.TextAfterGate);
        await ExpectReadableAsync(stored);
        await ExpectSealedAsync(fresh, other, watch, attacker, "opened afresh once done");
        await ExpectInertAsync(context, stored, filtered);
        if (filtered)
            await OpenLinkAsync(context, stored.Locator("#source"), destination, "/source");
        await ExpectSealedAsync(fresh, other, watch, attacker, "after every click");
        await ExpectSealedAsync(viewer, other, watch, attacker, "after every click");
    }

    /// <summary>The reader sees the report: its words and its inline SVG chart, drawn at its size.</summary>
    private static async Task ExpectReadableAsync(IFrameLocator report)
    {
        await Expect(report.Locator("h1")).ToHaveTextAsync("Quarterly review");
        await Expect(report.Locator("#chart")).ToBeVisibleAsync();
        var chart = await report.Locator("#chart").BoundingBoxAsync();
        Assert.True(chart is { Width: > 400, Height: > 200 }, $"The chart is drawn at {chart?.Width} × {chart?.Height}.");
    }

    /// <summary>
    /// Nothing reached the attacker (not one TCP connection), the top window never left the report, no dialog opened,
    /// and Blazar still answers another tab at once (the report holds none of the browser's connections to it).
    /// </summary>
    private static async Task ExpectSealedAsync(IPage page, IPage other, ReaderWatch watch, Listener attacker, string when)
    {
        var answeredIn = await other.EvaluateAsync<double>(
            """
            async () => {
              const started = performance.now();
              const answered = fetch('/api/reports', { cache: 'no-store' }).then(r => r.text()).then(() => performance.now() - started);
              return Promise.race([answered, new Promise(resolve => setTimeout(() => resolve(-1), 3000))]);
            }
            """);
        Assert.True(answeredIn >= 0, $"{when}: another tab's fetch('/api/reports') had no answer within 3 s.");
        Assert.True(attacker.Accepted == 0 && attacker.Requests.Count == 0, $"{when}: the attacker got {attacker}.");
        var path = new Uri(page.Url).AbsolutePath;
        Assert.StartsWith("/r/", path, StringComparison.Ordinal);
        Assert.Equal([page.Url], watch.TopNavigations(page));
        Assert.Empty(watch.Dialogs);
    }

    /// <summary>A script link and the form's button do nothing: no tab, no dialog, no request; a link into the document scrolls it.</summary>
    private static async Task ExpectInertAsync(IBrowserContext context, IFrameLocator report, bool filtered)
    {
        var tabs = context.Pages.Count;
        await report.Locator("#script-link").ClickAsync();
        await report.Locator("#submit").ClickAsync();
        if (filtered)
        {
            await report.Locator("#back").ClickAsync();
            await Expect(report.Locator("h1")).ToBeInViewportAsync();
        }
        Assert.Equal(tabs, context.Pages.Count);
    }

    /// <summary>A click on a link opens its target in a new tab that cannot reach back (no opener).</summary>
    private static async Task OpenLinkAsync(IBrowserContext context, ILocator link, Listener destination, string path)
    {
        var tab = await context.RunAndWaitForPageAsync(() => link.ClickAsync());
        await tab.WaitForURLAsync(destination.Origin + path);
        Assert.True(await tab.EvaluateAsync<bool>("() => window.opener === null"), "The new tab has an opener.");
        Assert.Contains($"GET {path} HTTP/1.1", destination.Requests);
        await tab.CloseAsync();
    }

    /// <summary>Nothing wider than the screen, and the report takes the height the bar leaves.</summary>
    private static async Task ExpectFitsAsync(IPage page, int width, int height)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), $"The page is wider than {width} px.");
        var frame = await page.Locator(Frame).BoundingBoxAsync();
        Assert.True(frame is not null && frame.Width >= width - 1 && frame.Height > height * 0.7, $"The frame is {frame?.Width} × {frame?.Height}.");
    }

    private async Task<IBrowserContext> NewContextAsync(ColorScheme scheme = ColorScheme.Light, int width = 1280, int height = 860)
    {
        var context = await blazar.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ColorScheme = scheme,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        await BrowserSession.AddAsync(context, server.BaseAddress, server.Session);
        return context;
    }
}
