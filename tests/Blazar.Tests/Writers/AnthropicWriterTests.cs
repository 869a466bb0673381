using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Blazar.FakeModel;
using Blazar.Reports;

namespace Blazar.Tests.Writers;

/// <summary>The Anthropic writer, reading the Messages API's stream itself, against a fake of that API that misbehaves on demand.</summary>
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
    public async Task Pings_keep_a_slow_first_token_from_counting_as_a_stall()
    {
        // Pings 15x more often than the stall timeout, so a busy machine cannot make a gap between them look like a stall.
        var slowStart = new FakeModelOptions { Script = _ => Script, CharsPerToken = 7, FirstTokenDelay = TimeSpan.FromSeconds(2.5), PingInterval = TimeSpan.FromMilliseconds(100) };
        await using var blazar = await WriterHarness.StartAsync("anthropic", slowStart, "--Blazar:StallTimeoutSeconds=1.5");
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        Assert.True(blazar.Fake.Requests.Count == 1, blazar.Logs.ToString()); // 2.5 s without text, but never 1.5 s without a byte
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
    public async Task The_interview_offers_its_tool_through_the_sdk_and_streams_the_models_text()
    {
        await using var blazar = await WriterHarness.StartAsync("anthropic");

        using var response = await blazar.Client.PostAsJsonAsync("/api/chat", new { messages = new[] { new { role = "user", content = "Churn review for leadership" } } });
        var events = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("event: delta", events, StringComparison.Ordinal);
        Assert.Contains("event: done", events, StringComparison.Ordinal);
        var request = Assert.Single(blazar.Fake.Requests);
        Assert.True(request.Stream);
        Assert.Equal("propose_spec", request.Json.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal(WriterHarness.ApiKey, request.Headers["x-api-key"]);
        Assert.Equal("Churn review for leadership", request.Messages[^1].Text);
    }

    [Fact]
    public async Task Starting_without_a_key_fails_naming_the_setting()
    {
        var directory = TempFolder.Create();
        await using var app = BlazarApp.Build(["--urls", "http://127.0.0.1:0", $"--Blazar:Sqlite:Path={Path.Combine(directory, "b.db")}", "--Blazar:Writer=anthropic", "--ANTHROPIC_API_KEY="]);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("ANTHROPIC_API_KEY", failure.Message, StringComparison.Ordinal);
    }

    internal static int InputTokens(RecordedRequest request) => Math.Max(1, request.Body.Length / 4);

    internal static int OutputTokens(int chars) => Math.Max(1, (chars + 3) / 4);

    internal static TimeSpan Gap(RecordedRequest first, RecordedRequest second) =>
        Stopwatch.GetElapsedTime(first.Timestamp, second.Timestamp);
}
