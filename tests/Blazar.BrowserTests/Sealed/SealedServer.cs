using System.Net.Http.Json;
using Blazar.Extensions;
using Blazar.Reports;
using Blazar.Reports.Api;
using Blazar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.BrowserTests.Sealed;

/// <summary>A Blazar of its own whose reports are written by <see cref="GatedChatClient"/>, for the sealed-report tests.</summary>
public sealed class SealedServer : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "blazar-sealed-" + Guid.NewGuid().ToString("N"));

    internal GatedChatClient Model { get; } = new();
    public WebApplication App { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        App = BlazarApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--environment", "Production",
                $"--Blazar:Sqlite:Path={Path.Combine(_dataDirectory, "blazar.db")}",
                "--Blazar:Writer=offline",
                "--Logging:LogLevel:Default=Warning",
                .. TestAccounts.Arguments,
            ],
            builder => builder.Services.AddSingleton<IChatClient>(Model));
        await App.StartAsync();
        BaseAddress = new Uri(App.Urls.First());
        Http = new HttpClient { BaseAddress = BaseAddress };
        TestAccounts.Authorize(Http, await TestAccounts.AdminTokenAsync(App.Services));
        Session = await BrowserSession.SignInAsync(BaseAddress, TestAccounts.AdminEmail, TestAccounts.AdminPassword);
    }

    /// <summary>The seeded admin's session cookie, for the browser contexts that view this server's reports.</summary>
    public string Session { get; private set; } = "";

    public async Task DisposeAsync()
    {
        Model.Open();
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the system's temp clean-up.
        }
    }

    /// <summary>Starts a report that the model writes as scripted: <paramref name="before"/>, the gate, <paramref name="after"/>.</summary>
    public async Task<string> StartAsync(string title, string before, string after)
    {
        Model.Script(before, after);
        using var response = await Http.PostAsJsonAsync("/api/reports", new Spec { Title = title, Sections = ["Numbers"] }, BlazarJson.Options);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ReportsApi.Created>(BlazarJson.Options))!.Id;
    }

    public async Task<ReportEntry> GetAsync(string id) =>
        (await Http.GetFromJsonAsync<ReportEntry>($"/api/reports/{id}", BlazarJson.Options))!;
}
