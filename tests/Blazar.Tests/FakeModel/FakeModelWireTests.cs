using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Blazar.FakeModel;

namespace Blazar.Tests.FakeModel;

/// <summary>The fake model speaks the providers' streaming formats as documented, so tests against it mean something.</summary>
public sealed class FakeModelWireTests
{
    private const string Script = "<!doctype html><p>Hello, world.</p></html>";

    private static async Task<List<SseItem<string>>> PostAsync(Uri url, string body)
    {
        using var http = KeyedClient();
        using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
            items.Add(item);
        return items;
    }

    [Fact]
    public async Task Anthropic_stream_has_the_documented_event_sequence()
    {
        var sent = new List<DeltaSent>();
        await using var fake = await FakeModelServer.StartAsync(new FakeModelOptions { Script = _ => Script, CharsPerToken = 10, OnDelta = sent.Add });

        var events = await PostAsync(new Uri(fake.BaseUrl, "v1/messages"), """{"model":"claude-x","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        var names = events.Select(e => e.EventType).ToList();
        Assert.Equal(["message_start", "content_block_start", "ping"], names[..3]);
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], names[^3..]);
        Assert.All(names[3..^3], name => Assert.Equal("content_block_delta", name));
        Assert.All(events, e => Assert.Equal(e.EventType, JsonDocument.Parse(e.Data).RootElement.GetProperty("type").GetString()));
        var text = string.Concat(events.Where(e => e.EventType == "content_block_delta")
            .Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("delta"))
            .Select(d => { Assert.Equal("text_delta", d.GetProperty("type").GetString()); return d.GetProperty("text").GetString(); }));
        Assert.Equal(Script, text);
        var start = JsonDocument.Parse(events[0].Data).RootElement.GetProperty("message");
        Assert.Equal("claude-x", start.GetProperty("model").GetString());
        Assert.True(start.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);
        var delta = JsonDocument.Parse(events[^2].Data).RootElement;
        Assert.Equal("end_turn", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal((Script.Length + 3) / 4, delta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal([0, 10, 20, 30, 40], sent.Select(d => d.ScriptOffset));
        Assert.Equal(Script, string.Concat(sent.Select(d => d.Text)));
    }

    [Fact]
    public async Task Anthropic_error_event_and_max_tokens_are_sent_as_documented()
    {
        await using var fake = await FakeModelServer.StartAsync(new FakeModelOptions { Script = _ => Script });
        fake.Enqueue(Fault.ErrorEventAfter(8), Fault.MaxTokensAfter(8));
        const string body = """{"model":"m","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"hi"}]}""";

        var broken = await PostAsync(new Uri(fake.BaseUrl, "v1/messages"), body);
        var limited = await PostAsync(new Uri(fake.BaseUrl, "v1/messages"), body);

        Assert.Equal("error", broken[^1].EventType);
        Assert.Equal("overloaded_error", JsonDocument.Parse(broken[^1].Data).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("max_tokens", JsonDocument.Parse(limited[^2].Data).RootElement.GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task OpenAI_stream_is_chunks_then_usage_then_done()
    {
        await using var fake = await FakeModelServer.StartAsync(new FakeModelOptions { Script = _ => Script, CharsPerToken = 10 });

        var events = await PostAsync(new Uri(fake.OpenAIBaseUrl + "/chat/completions"),
            """{"model":"llama","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var text = string.Concat(chunks.SkipLast(1).Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var content) ? content.GetString() : ""));
        Assert.Equal(Script, text);
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Http_errors_carry_the_providers_body_and_retry_after()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Enqueue(Fault.RateLimited(TimeSpan.FromSeconds(3)));
        using var http = KeyedClient();

        using var response = await http.PostAsync(new Uri(fake.BaseUrl, "v1/messages"), new StringContent("{}"));

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("rate_limit_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_messages_request_without_x_api_key_is_refused_as_the_API_does()
    {
        await using var fake = await FakeModelServer.StartAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(fake.BaseUrl, "v1/messages"), new StringContent("{}"));

        Assert.Equal(401, (int)response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("authentication_error", error.GetProperty("error").GetProperty("type").GetString());
    }

    private static HttpClient KeyedClient()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-api-key", "test-key");
        return http;
    }
}
