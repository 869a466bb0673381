using System.Net.Http.Json;
using Blazar.Extensions;
using Blazar.Reports;
using Blazar.Reports.Api;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.BrowserTests.Sealed;

/// <summary>A Blazar of its own whose reports are written by <see cref="GatedChatClient"/>, for the sealed-report tests.</summary>
public sealed class SealedServer : IAsyncLifetime
{
    internal GatedChatClient Model { get; } = new();
    public BlazarServer Server { get; private set; } = null!;
    public Uri BaseAddress => Server.BaseAddress;
    public HttpClient Http => Server.Client;

    public async Task InitializeAsync()
    {
        Server = await BlazarServer.StartAsync(
            configure: builder => builder.Services.AddSingleton<IChatClient>(Model),
            arguments: ["--environment", "Production"]);
        Session = await BrowserSession.SignInAsync(BaseAddress, TestAccounts.AdminEmail, TestAccounts.AdminPassword);
    }

    /// <summary>The seeded admin's session cookie, for the browser contexts that view this server's reports.</summary>
    public string Session { get; private set; } = "";

    public async Task DisposeAsync()
    {
        Model.Open();
        await Server.DisposeAsync();
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
