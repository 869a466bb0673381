using Blazar.FakeModel;
using Blazar.Reports;

namespace Blazar.Tests.Writers;

/// <summary>The OpenAI-compatible writer, through Microsoft.Extensions.AI.OpenAI, against a fake chat-completions server.</summary>
public sealed class OpenAIWriterTests
{
    private static readonly string Script = WriterHarness.Script;

    [Fact]
    public async Task Clean_stream_is_stored_exactly_with_its_usage()
    {
        await using var blazar = await WriterHarness.StartAsync("openai");
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        var request = Assert.Single(blazar.Fake.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.True(request.Stream);
        Assert.True(request.Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal("local-model", request.Model);
        Assert.Equal($"Bearer {WriterHarness.ApiKey}", request.Headers["authorization"]);
        Assert.Equal(new Usage("local-model", AnthropicWriterTests.InputTokens(request), AnthropicWriterTests.OutputTokens(Script.Length)) { StopReason = "stop" }, entry.Usage);
    }

    [Fact]
    public async Task Cut_connection_is_continued_in_a_user_turn_without_the_repeated_words()
    {
        await using var blazar = await WriterHarness.StartAsync("openai");
        blazar.Fake.Enqueue(Fault.CutAfter(333));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        var requests = blazar.Fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal("user", requests[1].Messages[^1].Role);
        var written = requests[1].Messages[^2];
        Assert.Equal("assistant", written.Role);
        Assert.StartsWith(written.Text, Script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_in_the_stream_is_continued()
    {
        await using var blazar = await WriterHarness.StartAsync("openai");
        blazar.Fake.Enqueue(Fault.ErrorEventAfter(500));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        Assert.Equal(2, blazar.Fake.Requests.Count);
    }

    [Fact]
    public async Task Length_stop_is_continued_to_the_full_text()
    {
        await using var blazar = await WriterHarness.StartAsync("openai");
        blazar.Fake.Enqueue(Fault.MaxTokensAfter(700));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Done, entry.Status);
        Assert.False(entry.Truncated);
        Assert.Equal(Script, await blazar.ServedAsync(id));
        Assert.Equal(2, blazar.Fake.Requests.Count);
    }

    [Fact]
    public async Task Bad_request_fails_at_once_with_the_servers_message()
    {
        await using var blazar = await WriterHarness.StartAsync("openai");
        blazar.Fake.Enqueue(Fault.Status(404, "invalid_request_error", "model 'local-model' not found, try pulling it first"));
        var id = await blazar.CreateReportAsync();

        var entry = await blazar.WaitForEndAsync(id);

        Assert.Equal(ReportStatus.Failed, entry.Status);
        Assert.Contains("model 'local-model' not found", entry.Error, StringComparison.Ordinal);
        Assert.Single(blazar.Fake.Requests);
    }

    [Fact]
    public async Task Starting_without_a_base_url_fails_naming_the_setting()
    {
        await using var app = BlazarApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Blazar:Sqlite:Path={Path.Combine(TempFolder.Create(), "b.db")}",
            "--Blazar:Writer=openai",
            "--Blazar:OpenAI:Model=m",
        ]);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("Blazar:OpenAI:BaseUrl", failure.Message, StringComparison.Ordinal);
    }
}
