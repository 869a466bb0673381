using System.Net.Http.Json;
using Blazar.Extensions;
using Blazar.FakeModel;
using Blazar.Reports;
using Blazar.Testing;
using Blazar.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Blazar.Tests.Writers;

/// <summary>Blazar on real Kestrel with a temp SQLite file, writing with a real SDK client against a fake model on loopback.</summary>
internal sealed class WriterHarness : IAsyncDisposable
{
    public const string ApiKey = "test-key-123";
    private WriterHarness(FakeModelServer fake, BlazarServer server, LogCollector logs)
    {
        Logs = logs;
        Fake = fake;
        Server = server;
    }

    public FakeModelServer Fake { get; }

    /// <summary>What Blazar logged (information and up): the writer's retries, resumes and continuations.</summary>
    public LogCollector Logs { get; }

    public BlazarServer Server { get; }

    public HttpClient Client => Server.Client;

    public static Spec Spec { get; } = new() { Title = "Quarterly numbers", Summary = "How the quarter went", Sections = ["Overview", "Details"] };

    /// <summary>Starts a fake model and Blazar with <paramref name="writer"/> (anthropic or openai) pointed at it.</summary>
    public static async Task<WriterHarness> StartAsync(string writer, FakeModelOptions? fakeOptions = null, params string[] settings)
    {
        var fake = await FakeModelServer.StartAsync(fakeOptions ?? new FakeModelOptions { Script = _ => Script, CharsPerToken = 7 });
        string[] args =
        [
            $"--Blazar:Writer={writer}",
            $"--ANTHROPIC_API_KEY={ApiKey}",
            $"--Blazar:Anthropic:BaseUrl={fake.BaseUrl}",
            $"--Blazar:OpenAI:BaseUrl={fake.OpenAIBaseUrl}",
            "--Blazar:OpenAI:Model=local-model",
            $"--Blazar:OpenAI:ApiKey={ApiKey}",
            "--Blazar:ModelRetryDelayMilliseconds=10",
            "--Blazar:StallTimeoutSeconds=0.5",
            "--Blazar:SaveIntervalMilliseconds=100",
            "--Logging:LogLevel:Blazar=Information",
            .. settings,
        ];
        var logs = new LogCollector();
        var server = await BlazarServer.StartAsync(configure: builder => builder.Logging.AddProvider(logs), arguments: args);
        return new WriterHarness(fake, server, logs);
    }

    /// <summary>The default script: a small, complete report.</summary>
    public static string Script { get; } = FakeModelServer.SampleReport(1500);

    public async Task<string> CreateReportAsync(Spec? spec = null)
    {
        using var response = await Client.PostAsJsonAsync("/api/reports", spec ?? Spec, BlazarJson.Options);
        response.EnsureSuccessStatusCode();
        using var body = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    public async Task<ReportEntry> GetAsync(string id) =>
        (await Client.GetFromJsonAsync<ReportEntry>($"/api/reports/{id}", BlazarJson.Options))!;

    /// <summary>Polls the report until <paramref name="condition"/> holds, or fails after <paramref name="timeout"/>.</summary>
    public Task<ReportEntry> WaitForAsync(string id, Func<ReportEntry, bool> condition, TimeSpan? timeout = null) =>
        Wait.UntilAsync(() => GetAsync(id), condition, timeout ?? TimeSpan.FromSeconds(15));

    public Task<ReportEntry> WaitForEndAsync(string id) =>
        WaitForAsync(id, e => e.Status is ReportStatus.Done or ReportStatus.Failed or ReportStatus.Cancelled);

    /// <summary>The stored report, as <c>/r/{id}/raw</c> serves it.</summary>
    public Task<string> ServedAsync(string id) => Client.GetStringAsync($"/r/{id}/raw");

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
