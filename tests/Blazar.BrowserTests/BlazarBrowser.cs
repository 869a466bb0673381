using System.Net.Http.Json;
using Blazar.Extensions;
using Blazar.Reports;
using Blazar.Reports.Api;
using Microsoft.Playwright;

namespace Blazar.BrowserTests;

/// <summary>
/// One real Blazar (Kestrel on loopback, a temp SQLite file, the offline writer as fast as it goes, behind a
/// <see cref="WriterGate"/> that holds the reports a test watches being written) and one Debian Chromium, shared by
/// every browser test.
/// </summary>
public sealed class BlazarBrowser : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;

    public BlazarServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress => Server.BaseAddress;
    public HttpClient Http => Server.Client;

    /// <summary>The seeded admin's session cookie, which every context from <see cref="NewContextAsync"/> carries.</summary>
    public string Session { get; private set; } = "";

    /// <summary>Holds the text of the reports a test watches, until it releases it.</summary>
    public WriterGate Gate { get; } = new();

    /// <summary>Where screenshots go: next to the test assembly, so every machine finds them in the same place.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        // PDF export through the same Chromium, so the report page offers every download.
        Server = await BlazarServer.StartAsync(
            new Dictionary<string, string> { ["Pdf:Chromium"] = "/usr/bin/chromium" },
            configure: builder => Gate.Install(builder.Services), arguments: ["--environment", "Production"]);
        Session = await BrowserSession.SignInAsync(BaseAddress, TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        // Two shared cores run the server, the browser and other test assemblies: give assertions room.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        Gate.OpenAll();
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own storage), signed in as the seeded admin, at the app's address.</summary>
    public async Task<IBrowserContext> NewContextAsync(ColorScheme scheme = ColorScheme.Light, int width = 1280, int height = 860, ReducedMotion motion = ReducedMotion.NoPreference)
    {
        var context = await NewAnonymousContextAsync(scheme, width, height, motion);
        await BrowserSession.AddAsync(context, BaseAddress, Session);
        return context;
    }

    /// <summary>A fresh browser context signed in as a new member, <paramref name="email"/> (one per test), not the admin.</summary>
    public async Task<IBrowserContext> NewMemberContextAsync(string email, ColorScheme scheme = ColorScheme.Light, int width = 1280, int height = 860)
    {
        const string Password = "member horse battery";
        await TestAccounts.CreatePersonAsync(Server.Services, email, Password);
        var context = await NewAnonymousContextAsync(scheme, width, height);
        await BrowserSession.AddAsync(context, BaseAddress, await BrowserSession.SignInAsync(BaseAddress, email, Password));
        return context;
    }

    /// <summary>Starts a report and waits until it is stored, done.</summary>
    public async Task<string> FinishedReportAsync(Spec spec)
    {
        var id = await StartReportAsync(spec);
        await Wait.UntilAsync(async () => (await GetReportAsync(id))?.Status, s => s == ReportStatus.Done, Watching.Generous, $"'{spec.Title}' to be written");
        return id;
    }

    /// <summary>A fresh browser context that nobody has signed in to.</summary>
    public Task<IBrowserContext> NewAnonymousContextAsync(ColorScheme scheme = ColorScheme.Light, int width = 1280, int height = 860, ReducedMotion motion = ReducedMotion.NoPreference) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ColorScheme = scheme,
            ReducedMotion = motion,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });

    /// <summary>Starts a report through the API, as another device would.</summary>
    public async Task<string> StartReportAsync(Spec spec)
    {
        using var response = await Http.PostAsJsonAsync("/api/reports", spec, BlazarJson.Options);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<ReportsApi.Created>(BlazarJson.Options);
        return created!.Id;
    }

    public async Task<ReportEntry?> GetReportAsync(string id)
    {
        using var response = await Http.GetAsync($"/api/reports/{id}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ReportEntry>(BlazarJson.Options) : null;
    }

    public static Task ScreenshotAsync(IPage page, string name, bool fullPage = false) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = fullPage });

    /// <summary>A spec of <paramref name="sections"/> sections (about 350 characters each, after some 4,000 of styles).</summary>
    public static Spec LongSpec(string title, int sections) => new()
    {
        Title = title,
        Summary = "A report written while the test watches.",
        Audience = "test readers",
        Tone = "plain",
        Sections = [.. Enumerable.Range(1, sections).Select(i => $"Part {i}")],
    };
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BlazarBrowser>
{
    public const string Name = "browser";
}
