using System.Diagnostics;
using Blazar.FakeModel;
using Blazar.Reports;

namespace Blazar.Tests.Writers;

/// <summary>The Anthropic writer, through the official SDK, against a fake Messages API that misbehaves on demand.</summary>
public sealed class AnthropicWriterTests
{
    private static readonly string Script = WriterHarness.Script;

    [Fact]
    public async Task Clean_stream_is_stored_exactly_and_served_at_the_report_url()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic");
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.False(entry.Truncated);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        var request = Assert.Single(blazar.Fake.Requests);
        Assert.Equal("/v1/messages", request.Path);
        Assert.True(request.Stream);
        Assert.Equal("claude-sonnet-4-5", request.Model);
        Assert.Equal(16000, request.Json.GetProperty("max_tokens").GetInt32());
        // The key travels as the Messages API documents it; the SDK's bearer header is not sent alongside it.
        Assert.Equal(WriterHarness.ApiKey, request.Headers["x-api-key"]);
        Assert.False(request.Headers.ContainsKey("authorization"));
        Assert.False(string.IsNullOrEmpty(request.Headers["anthropic-version"]));
        Assert.Contains("Quarterly numbers", request.Body, StringComparison.Ordinal);
        Assert.Equal(new Usage("claude-sonnet-4-5", InputTokens(request), OutputTokens(Script.Length)) { StopReason = "stop" }, entry.Usage);
    }

    [Fact]
    public async Task Fence_and_chatter_around_the_document_never_reach_the_report()
    {
        var fenced = "Sure! Here is the report you asked for.\n\n```html\n" + Script + "```\n\nLet me know if you want changes.";
        await using var blazar = await WriterHarness.StartAsync("anthropic", new FakeModelOptions { Script = _ => fenced, CharsPerToken = 3 });
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
    }

    [Fact]
    public async Task Rate_limit_is_retried_after_the_wait_the_api_asks_for()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic");
        blazar.Fake.Enqueue(Fault.RateLimited(TimeSpan.FromSeconds(1)));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        var requests = blazar.Fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(Gap(requests[0], requests[1]) >= TimeSpan.FromMilliseconds(950), $"retried after {Gap(requests[0], requests[1])}");
    }

    [Fact]
    public async Task Overload_server_errors_and_a_dropped_connection_are_retried_with_growing_backoff()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic", settings: ["--Blazar:ModelRetryDelayMilliseconds=40"]);
        blazar.Fake.Enqueue(Fault.Overloaded(), Fault.InternalError(), Fault.Unavailable(502), Fault.DropConnection());
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        var requests = blazar.Fake.Requests;
        Assert.Equal(5, requests.Count);
        // Exponential back-off with jitter from 40 ms: four waits add up to well over the first one alone.
        Assert.True(Gap(requests[0], requests[4]) >= TimeSpan.FromMilliseconds(200), $"four retries took {Gap(requests[0], requests[4])}");
        Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
    }

    [Fact]
    public async Task Retries_are_bounded_and_then_the_report_fails_with_the_status()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic", settings: ["--Blazar:ModelRetries=2"]);
        blazar.Fake.Enqueue(Fault.Unavailable(503), Fault.Unavailable(503), Fault.Unavailable(503), Fault.Unavailable(503));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Failed, entry.Status);
        Assert.Contains("503", entry.Error, StringComparison.Ordinal);
        Assert.Equal(3, blazar.Fake.Requests.Count);
    }

    [Fact]
    public async Task Unauthorized_fails_at_once_with_the_providers_message()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic");
        blazar.Fake.Enqueue(Fault.Unauthorized());
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Failed, entry.Status);
        Assert.Contains("401", entry.Error, StringComparison.Ordinal);
        Assert.Contains("invalid x-api-key", entry.Error, StringComparison.Ordinal);
        Assert.Single(blazar.Fake.Requests);
    }

    [Fact]
    public async Task Refused_connections_are_retried_then_fail_with_a_clear_message()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        await using var blazar = await WriterHarness.StartAsync("anthropic", settings: [$"--Blazar:Anthropic:BaseUrl=http://127.0.0.1:{port}", "--Blazar:ModelRetries=2"]);
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Failed, entry.Status);
        Assert.Contains("Could not reach the model API", entry.Error, StringComparison.Ordinal);
        Assert.Equal(2, blazar.Logs.Lines.Count(l => l.Contains("Model request failed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_stream_that_keeps_breaking_fails_after_the_resumes_allowed_and_keeps_its_text()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic", settings: ["--Blazar:MaxResumes=1"]);
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

    [Fact]
    public async Task Error_event_mid_stream_is_continued_with_a_prefill_of_the_text_written()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic");
        blazar.Fake.Enqueue(Fault.ErrorEventAfter(300));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        var requests = blazar.Fake.Requests;
        Assert.Equal(2, requests.Count);
        var (role, prefill) = requests[1].Messages[^1];
        Assert.Equal("assistant", role);
        Assert.StartsWith(prefill, Script, StringComparison.Ordinal);
        Assert.Equal(prefill.TrimEnd(), prefill);
        Assert.InRange(prefill.Length, 250, 300);
        Assert.Equal(InputTokens(requests[0]) + InputTokens(requests[1]), entry.Usage!.InputTokens);
    }

    [Fact]
    public async Task Cut_connection_mid_stream_is_continued_without_repeating_anything()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic");
        blazar.Fake.Enqueue(Fault.CutAfter(400), Fault.CutAfter(300));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        Assert.Equal(3, blazar.Fake.Requests.Count);
    }

    [Fact]
    public async Task A_stream_cut_after_the_document_ended_needs_no_continuation()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic");
        var end = Script.IndexOf("</html>", StringComparison.Ordinal) + "</html>".Length;
        blazar.Fake.Enqueue(Fault.CutAfter(end));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script[..end], await blazar.ServedAsync(id));
        Assert.Single(blazar.Fake.Requests);
    }

    [Fact]
    public async Task Stalled_stream_is_abandoned_after_the_stall_timeout_and_continued()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic");
        blazar.Fake.Enqueue(Fault.StallAfter(200));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        var requests = blazar.Fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[0].ClientDisconnected, "Blazar should have closed the stalled stream");
        Assert.True(Gap(requests[0], requests[1]) >= TimeSpan.FromMilliseconds(450), $"gave up after {Gap(requests[0], requests[1])}");
    }

    [Fact]
    public async Task Pings_keep_a_slow_first_token_from_counting_as_a_stall()
    {
        var slowStart = new FakeModelOptions { Script = _ => Script, CharsPerToken = 7, FirstTokenDelay = TimeSpan.FromSeconds(1.2), PingInterval = TimeSpan.FromMilliseconds(100) };
        await using var blazar = await WriterHarness.StartAsync("anthropic", slowStart);
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        Assert.True(blazar.Fake.Requests.Count == 1, blazar.Logs.ToString()); // 1.2 s without text, but never 0.5 s without a byte
    }

    [Fact]
    public async Task A_model_that_rejects_prefill_is_continued_in_a_user_turn_and_remembered()
    {
        var options = new FakeModelOptions { Script = _ => Script, CharsPerToken = 7, RejectPrefill = true };
        await using var blazar = await WriterHarness.StartAsync("anthropic", options);
        blazar.Fake.Enqueue(Fault.ErrorEventAfter(300));
        var first = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(first);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(first));
        var requests = blazar.Fake.Requests;
        Assert.Equal(3, requests.Count); // broken, prefill refused, user-turn continuation
        Assert.Equal("assistant", requests[1].Messages[^1].Role);
        var (role, text) = requests[2].Messages[^1];
        Assert.Equal("user", role);
        Assert.Contains("Continue the document exactly where it stops", text, StringComparison.Ordinal);
        Assert.Equal("assistant", requests[2].Messages[^2].Role);

        blazar.Fake.Enqueue(Fault.CutAfter(500));
        var second = await blazar.CreateReportAsync();
        Assert.Equal(ReportStatus.Done, (await blazar.WaitForEndAsync(second)).Status);
        Assert.Equal(Script, await blazar.ServedAsync(second));
        requests = blazar.Fake.Requests;
        Assert.Equal(5, requests.Count); // no second refusal: the model is remembered
        Assert.Equal("user", requests[4].Messages[^1].Role);
    }

    [Fact]
    public async Task Max_tokens_is_continued_and_usage_adds_up_across_requests()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic");
        blazar.Fake.Enqueue(Fault.MaxTokensAfter(250));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.False(entry.Truncated);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        var requests = blazar.Fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal("assistant", requests[1].Messages[^1].Role);
        Assert.Equal(InputTokens(requests[0]) + InputTokens(requests[1]), entry.Usage!.InputTokens);
        Assert.True(entry.Usage.OutputTokens >= OutputTokens(Script.Length), $"output tokens {entry.Usage.OutputTokens}");
    }

    [Fact]
    public async Task Max_tokens_beyond_the_continuations_allowed_leaves_the_report_done_but_truncated()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic", settings: ["--Blazar:MaxContinuations=2"]);
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

    [Fact]
    public async Task Cancelling_a_report_closes_the_upstream_request_at_once()
    {
        var slow = new FakeModelOptions { Script = _ => FakeModelServer.SampleReport(20_000), TokensPerSecond = 100 };
        await using var blazar = await WriterHarness.StartAsync("anthropic", slow, "--Blazar:StallTimeoutSeconds=60");
        var id = await blazar.CreateReportAsync();
        await blazar.WaitForAsync(id, e => e.Length > 0);
        var upstream = Assert.Single(blazar.Fake.Requests);

        using var cancel = await blazar.Client.PostAsync($"/api/reports/{id}/cancel", null);
        cancel.EnsureSuccessStatusCode();

        await upstream.Disconnected.WaitAsync(TimeSpan.FromSeconds(2)); // at once: not after a drain or the stall timeout
        var entry = await blazar.WaitForEndAsync(id);
        Assert.Equal(ReportStatus.Cancelled, entry.Status);
        Assert.Single(blazar.Fake.Requests);
    }

    [Fact]
    public async Task Starting_without_a_key_fails_naming_the_setting()
    {
        var directory = Infrastructure.TempFolder.Create();
        await using var app = BlazarApp.Build(["--urls", "http://127.0.0.1:0", $"--Blazar:Sqlite:Path={Path.Combine(directory, "b.db")}", "--Blazar:Writer=anthropic", "--ANTHROPIC_API_KEY="]);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("ANTHROPIC_API_KEY", failure.Message, StringComparison.Ordinal);
    }

    internal static int InputTokens(RecordedRequest request) => Math.Max(1, request.Body.Length / 4);

    internal static int OutputTokens(int chars) => Math.Max(1, (chars + 3) / 4);

    internal static TimeSpan Gap(RecordedRequest first, RecordedRequest second) =>
        Stopwatch.GetElapsedTime(first.Timestamp, second.Timestamp);
}
