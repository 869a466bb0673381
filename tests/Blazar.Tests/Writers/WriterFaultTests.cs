using Blazar.FakeModel;
using Blazar.Reports;

namespace Blazar.Tests.Writers;

/// <summary>
/// What every model writer survives, each through its real SDK against the fake model speaking that provider's wire
/// format: retries before the stream starts, broken, stalled and cut streams continued, limits, and cancellation.
/// </summary>
public sealed class WriterFaultTests
{
    private static readonly string Script = WriterHarness.Script;

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task Fence_and_chatter_around_the_document_never_reach_the_report(string provider)
    {
        var fenced = "Sure! Here is the report you asked for.\n\n```html\n" + Script + "```\n\nLet me know if you want changes.";
        await using var blazar = await WriterHarness.StartAsync(provider, new FakeModelOptions { Script = _ => fenced, CharsPerToken = 3 });
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task Rate_limit_is_retried_after_the_wait_the_api_asks_for(string provider)
    {
        await using var blazar = await WriterHarness.StartAsync(provider);
        blazar.Fake.Enqueue(Fault.RateLimited(TimeSpan.FromSeconds(1)));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        var requests = blazar.Fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(AnthropicWriterTests.Gap(requests[0], requests[1]) >= TimeSpan.FromMilliseconds(950), $"retried after {AnthropicWriterTests.Gap(requests[0], requests[1])}");
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task Overload_server_errors_and_a_dropped_connection_are_retried_with_growing_backoff(string provider)
    {
        await using var blazar = await WriterHarness.StartAsync(provider, settings: ["--Blazar:ModelRetryDelayMilliseconds=40"]);
        blazar.Fake.Enqueue(Fault.Overloaded(), Fault.InternalError(), Fault.Unavailable(502), Fault.DropConnection());
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        var requests = blazar.Fake.Requests;
        Assert.Equal(5, requests.Count);
        // Exponential back-off with jitter from 40 ms: four waits add up to well over the first one alone.
        Assert.True(AnthropicWriterTests.Gap(requests[0], requests[4]) >= TimeSpan.FromMilliseconds(200), $"four retries took {AnthropicWriterTests.Gap(requests[0], requests[4])}");
        Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task Retries_are_bounded_and_then_the_report_fails_with_the_status(string provider)
    {
        await using var blazar = await WriterHarness.StartAsync(provider, settings: ["--Blazar:ModelRetries=2"]);
        blazar.Fake.Enqueue(Fault.Unavailable(503), Fault.Unavailable(503), Fault.Unavailable(503), Fault.Unavailable(503));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Failed, entry.Status);
        Assert.Contains("503", entry.Error, StringComparison.Ordinal);
        Assert.Equal(3, blazar.Fake.Requests.Count);
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task Unauthorized_fails_at_once_with_the_providers_message(string provider)
    {
        await using var blazar = await WriterHarness.StartAsync(provider);
        blazar.Fake.Enqueue(Fault.Unauthorized());
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Failed, entry.Status);
        Assert.Contains("401", entry.Error, StringComparison.Ordinal);
        Assert.Contains("invalid x-api-key", entry.Error, StringComparison.Ordinal);
        Assert.Single(blazar.Fake.Requests);
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task Refused_connections_are_retried_then_fail_with_a_clear_message(string provider)
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        await using var blazar = await WriterHarness.StartAsync(provider, settings: [BaseUrlSetting(provider, $"http://127.0.0.1:{port}"), "--Blazar:ModelRetries=2"]);
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Failed, entry.Status);
        Assert.Contains("Could not reach the model API", entry.Error, StringComparison.Ordinal);
        Assert.Equal(2, blazar.Logs.Lines.Count(l => l.Contains("Model request failed", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task A_stream_that_keeps_breaking_fails_after_the_resumes_allowed_and_keeps_its_text(string provider)
    {
        await using var blazar = await WriterHarness.StartAsync(provider, settings: ["--Blazar:MaxResumes=1"]);
        blazar.Fake.Enqueue(Fault.CutAfter(300), Fault.CutAfter(300));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Failed, entry.Status);
        Assert.Contains("broke 2 times", entry.Error, StringComparison.Ordinal);
        Assert.Equal(2, blazar.Fake.Requests.Count);
        Assert.InRange(entry.Length, 500, 600);
        using var continued = await blazar.Client.PostAsync($"/api/reports/{id}/continue", null);
        continued.EnsureSuccessStatusCode();
        Assert.Equal(ReportStatus.Done, (await blazar.WaitForAsync(id, e => e.Status == ReportStatus.Done)).Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task Cut_connection_mid_stream_is_continued_without_repeating_anything(string provider)
    {
        await using var blazar = await WriterHarness.StartAsync(provider);
        blazar.Fake.Enqueue(Fault.CutAfter(400), Fault.CutAfter(300));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        Assert.Equal(3, blazar.Fake.Requests.Count);
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task A_stream_cut_after_the_document_ended_needs_no_continuation(string provider)
    {
        await using var blazar = await WriterHarness.StartAsync(provider);
        var end = Script.IndexOf("</html>", StringComparison.Ordinal) + "</html>".Length;
        blazar.Fake.Enqueue(Fault.CutAfter(end));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script[..end], await blazar.ServedAsync(id));
        Assert.Single(blazar.Fake.Requests);
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task Stalled_stream_is_abandoned_after_the_stall_timeout_and_continued(string provider)
    {
        await using var blazar = await WriterHarness.StartAsync(provider);
        blazar.Fake.Enqueue(Fault.StallAfter(200));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        var requests = blazar.Fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[0].ClientDisconnected, "Blazar should have closed the stalled stream");
        Assert.True(AnthropicWriterTests.Gap(requests[0], requests[1]) >= TimeSpan.FromMilliseconds(450), $"gave up after {AnthropicWriterTests.Gap(requests[0], requests[1])}");
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task Max_tokens_beyond_the_continuations_allowed_leaves_the_report_done_but_truncated(string provider)
    {
        await using var blazar = await WriterHarness.StartAsync(provider, settings: ["--Blazar:MaxContinuations=2"]);
        blazar.Fake.Enqueue(Fault.MaxTokensAfter(200), Fault.MaxTokensAfter(200), Fault.MaxTokensAfter(200));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.True(entry.Truncated);
        Assert.Equal("length", entry.Usage?.StopReason);
        Assert.Equal(3, blazar.Fake.Requests.Count);
        var stored = await blazar.ServedAsync(id);
        Assert.StartsWith(stored, Script, StringComparison.Ordinal);
        Assert.InRange(stored.Length, 500, 600);
        Assert.Contains("\"truncated\":true", await blazar.Client.GetStringAsync("/api/reports"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task Cancelling_a_report_closes_the_upstream_request_at_once(string provider)
    {
        var slow = new FakeModelOptions { Script = _ => FakeModelServer.SampleReport(20_000), TokensPerSecond = 100 };
        await using var blazar = await WriterHarness.StartAsync(provider, slow, "--Blazar:StallTimeoutSeconds=60");
        var id = await blazar.CreateReportAsync();
        await blazar.WaitForAsync(id, e => e.Length > 0);
        var upstream = Assert.Single(blazar.Fake.Requests);
        var logged = blazar.Logs.Lines.Count;

        using var cancel = await blazar.Client.PostAsync($"/api/reports/{id}/cancel", null);
        cancel.EnsureSuccessStatusCode();

        await upstream.Disconnected.WaitAsync(TimeSpan.FromSeconds(2)); // at once: not after a drain or the stall timeout
        var entry = await blazar.WaitForEndAsync(id);
        Assert.Equal(ReportStatus.Cancelled, entry.Status);
        Assert.Single(blazar.Fake.Requests);
        // A stop is what the person asked for, not a fault: nothing about it is logged as a warning or worse.
        Assert.DoesNotContain(blazar.Logs.Lines.Skip(logged), l => l.Contains(" Warning ", StringComparison.Ordinal) || l.Contains(" Error ", StringComparison.Ordinal));
    }

    private static string BaseUrlSetting(string provider, string root) =>
        provider == "openai" ? $"--Blazar:OpenAI:BaseUrl={root}/v1" : $"--Blazar:Anthropic:BaseUrl={root}";
}
