using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Blazar.Tests.Infrastructure;
using Blazar.Tests.Writers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Blazar.Tests.Operations;

/// <summary>What an operator reads: /metrics, /healthz/live and /healthz/ready, and the start-up line.</summary>
[Collection(MetricsCollection.Name)]
public sealed partial class OperationsTests
{
    [Fact]
    public async Task Metrics_show_the_reports_generated_and_the_chunks_appended_once_a_report_is_written()
    {
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["Metrics:Prometheus"] = "true" });
        var id = await Api.StartAsync(server.Client);
        var events = await ReportStream.FollowAsync(server.Client, id);
        Assert.Equal("done", events[^1].Type);

        // The exporter caches a scrape for a moment, and the run counts its end just after "done" is sent.
        var metrics = await Wait.UntilAsync(
            () => server.Client.GetStringAsync("/metrics"),
            text => Value(text, "blazar_reports_generated_total", "status=\"done\"") >= 1 && Value(text, "blazar_chunks_appended_total") > 0,
            because: "the Blazar metrics never showed the finished report");

        Assert.True(Value(metrics, "blazar_chunks_characters_total") >= ReportStream.Text(events).Length);
        Assert.True(Value(metrics, "blazar_model_tokens_total", "type=\"output\"") > 0);
        Assert.True(Value(metrics, "blazar_chunks_publish_lag_seconds_count") > 0); // the writer path, timed for every delta
        // Gauges: present (their values are this instance's, but tests run other instances in this process beside it).
        Assert.NotNull(Value(metrics, "blazar_reports_generating"));
        Assert.NotNull(Value(metrics, "blazar_reports_queued"));
        Assert.NotNull(Value(metrics, "blazar_viewers_connected", "stream=\"report\""));
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal); // ASP.NET Core's own
    }

    [Fact]
    public async Task Viewers_connected_counts_an_open_report_stream()
    {
        var gate = new WriterGate();
        var held = gate.Hold("Q3 churn review"); // a piece is written, then it waits: a report being written while the test looks
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["Metrics:Prometheus"] = "true" }, configure: b => gate.Install(b.Services));
        var id = await Api.StartAsync(server.Client);
        using var viewer = server.NewClient();
        using var response = await ReportStream.OpenAsync(viewer, $"/api/reports/{id}/events");
        await Wait.UntilAsync(
            () => server.Client.GetStringAsync("/metrics"),
            text => Value(text, "blazar_viewers_connected", "stream=\"report\"") >= 1 && Value(text, "blazar_reports_generating") >= 1,
            because: "an open report stream and a report being written never showed");

        // The viewer waits for the first chunk: it is relayed live, and its lag is measured from then.
        held.Release(500);
        await Wait.UntilAsync(
            () => server.Client.GetStringAsync("/metrics"),
            text => Value(text, "blazar_relay_lag_seconds_count") > 0,
            because: "the lag of the chunks relayed to a viewer waiting for them never showed");
        await Api.PostAsync(server.Client, $"/api/reports/{id}/cancel");
    }

    [Fact]
    public async Task Metrics_are_not_served_unless_enabled()
    {
        await using var server = await BlazarServer.StartAsync();

        using var response = await server.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Live_answers_without_asking_dependencies_and_ready_reports_each_check()
    {
        await using var server = await BlazarServer.StartAsync();

        using var live = await server.Client.GetAsync("/healthz/live");
        using var ready = await server.Client.GetAsync("/healthz/ready");
        using var healthz = await server.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var liveBody = await live.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", liveBody.GetProperty("status").GetString());
        Assert.Empty(liveBody.GetProperty("checks").EnumerateObject());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var readyBody = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", readyBody.GetProperty("status").GetString());
        Assert.Equal("ok", readyBody.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.Equal("ok", readyBody.GetProperty("checks").GetProperty("chunkLog").GetProperty("status").GetString());
        Assert.True(readyBody.GetProperty("store").GetBoolean());
        Assert.Equal("offline", readyBody.GetProperty("writer").GetString());
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(readyBody.GetProperty("checks").EnumerateObject().Select(c => c.Name), (await healthz.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").EnumerateObject().Select(c => c.Name));
    }

    [Fact]
    public async Task The_start_up_line_names_writer_model_storage_streams_and_the_url()
    {
        var logs = new LogCollector();
        var database = Path.Combine(TempFolder.Create(), "blazar.db");
        await using var app = BlazarApp.Build(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Blazar.Operations=Information", $"--Blazar:Sqlite:Path={database}"],
            builder => builder.Logging.AddProvider(logs));
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var line = await Wait.UntilAsync(() => Task.FromResult(logs.Lines.FirstOrDefault(l => l.Contains("Blazar started", StringComparison.Ordinal))), l => l is not null, because: "no start-up line was logged");

        Assert.Contains("writer offline, model offline, storage sqlite, streams memory", line, StringComparison.Ordinal);
        Assert.Contains($"listening on {url}", line, StringComparison.Ordinal);
        Assert.DoesNotContain(":0", url, StringComparison.Ordinal); // the real port, not the one asked for
        Assert.Single(logs.Lines, l => l.Contains("Blazar started", StringComparison.Ordinal));
        await app.StopAsync();
    }

    /// <summary>The sum of a metric's samples whose labels include <paramref name="label"/>, or null when it has none.</summary>
    private static double? Value(string exposition, string name, string? label = null)
    {
        double? sum = null;
        foreach (Match sample in Sample().Matches(exposition))
        {
            if (sample.Groups["name"].Value != name || (label is not null && !sample.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
                continue;
            sum = (sum ?? 0) + double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return sum;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}

/// <summary>
/// The tests that read /metrics run alone. Every Blazar in this process names its meter <c>Blazar</c>, and a
/// server's exporter takes instruments by meter name: with other servers alive beside it, it can publish theirs
/// instead of its own (one CI run read another test's finished report and no gauges at all).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
