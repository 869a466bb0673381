using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Blazar.FakeModel;

/// <summary>How one provider frames a streamed answer and its errors on the wire.</summary>
internal abstract partial class StreamDialect(HttpResponse response, string model)
{
    protected static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    protected HttpResponse Response { get; } = response;

    protected string Model { get; } = model;

    protected string Id { get; } = Guid.NewGuid().ToString("N")[..24];

    public abstract object ErrorBody(string errorType, string message);

    public abstract Task StartAsync(int inputTokens, CancellationToken cancellationToken);

    public abstract Task DeltaAsync(string text, CancellationToken cancellationToken);

    public abstract Task PingAsync(CancellationToken cancellationToken);

    public abstract Task ErrorEventAsync(string errorType, string message, CancellationToken cancellationToken);

    /// <summary>Ends the answer; <paramref name="maxTokens"/> says it stopped at the token limit rather than naturally.</summary>
    public abstract Task EndAsync(bool maxTokens, int inputTokens, int outputTokens, CancellationToken cancellationToken);

    protected async Task SendAsync(string? eventName, string data, CancellationToken cancellationToken)
    {
        var frame = eventName is null ? $"data: {data}\n\n" : $"event: {eventName}\ndata: {data}\n\n";
        await Response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken);
        await Response.Body.FlushAsync(cancellationToken);
    }

    protected Task SendAsync(string? eventName, object data, CancellationToken cancellationToken) =>
        SendAsync(eventName, LoneSurrogateMarker().Replace(JsonSerializer.Serialize(data, Json), @"\u$1"), cancellationToken);

    /// <summary>
    /// Text as a model API puts it on the wire: a lone surrogate (half an emoji, say) is sent as its <c>\uD83D</c>
    /// escape, as other JSON encoders write it (System.Text.Json would replace it): marked here, escaped after serializing.
    /// </summary>
    protected static string WireText(string text)
    {
        var marked = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(text[i - 1]));
            if (paired)
                marked.Append(c);
            else
                marked.Append("[[lone:").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)).Append("]]");
        }
        return marked.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\[\[lone:([0-9A-F]{4})\]\]")]
    private static partial System.Text.RegularExpressions.Regex LoneSurrogateMarker();
}

/// <summary>Anthropic Messages streaming: message_start, content_block_start, ping, content_block_delta…, content_block_stop, message_delta, message_stop.</summary>
internal sealed class AnthropicDialect(HttpResponse response, string model) : StreamDialect(response, model)
{
    public override object ErrorBody(string errorType, string message) =>
        new { type = "error", error = new { type = errorType, message }, request_id = "req_" + Id };

    public override async Task StartAsync(int inputTokens, CancellationToken cancellationToken)
    {
        await SendAsync("message_start", new
        {
            type = "message_start",
            message = new
            {
                id = "msg_" + Id,
                type = "message",
                role = "assistant",
                model = Model,
                content = Array.Empty<object>(),
                stop_reason = (string?)null,
                stop_sequence = (string?)null,
                usage = new { input_tokens = inputTokens, cache_creation_input_tokens = 0, cache_read_input_tokens = 0, output_tokens = 1 },
            },
        }, cancellationToken);
        await SendAsync("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } }, cancellationToken);
        await SendAsync("ping", new { type = "ping" }, cancellationToken);
    }

    public override Task DeltaAsync(string text, CancellationToken cancellationToken) =>
        SendAsync("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = WireText(text) } }, cancellationToken);

    public override Task PingAsync(CancellationToken cancellationToken) =>
        SendAsync("ping", new { type = "ping" }, cancellationToken);

    public override Task ErrorEventAsync(string errorType, string message, CancellationToken cancellationToken) =>
        SendAsync("error", new { type = "error", error = new { type = errorType, message } }, cancellationToken);

    public override async Task EndAsync(bool maxTokens, int inputTokens, int outputTokens, CancellationToken cancellationToken)
    {
        await SendAsync("content_block_stop", new { type = "content_block_stop", index = 0 }, cancellationToken);
        await SendAsync("message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = maxTokens ? "max_tokens" : "end_turn", stop_sequence = (string?)null },
            usage = new { output_tokens = outputTokens },
        }, cancellationToken);
        await SendAsync("message_stop", new { type = "message_stop" }, cancellationToken);
    }
}

/// <summary>OpenAI chat-completions streaming: chat.completion.chunk objects, a usage chunk when asked for, then <c>data: [DONE]</c>.</summary>
internal sealed class OpenAIDialect(HttpResponse response, string model, bool includeUsage) : StreamDialect(response, model)
{
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public override object ErrorBody(string errorType, string message) =>
        new { error = new { message, type = errorType, param = (string?)null, code = (string?)null } };

    public override Task StartAsync(int inputTokens, CancellationToken cancellationToken) =>
        SendAsync(null, Chunk(new { role = "assistant", content = "" }, null), cancellationToken);

    public override Task DeltaAsync(string text, CancellationToken cancellationToken) =>
        SendAsync(null, Chunk(new { content = WireText(text) }, null), cancellationToken);

    public override async Task PingAsync(CancellationToken cancellationToken)
    {
        await Response.Body.WriteAsync(": ping\n\n"u8.ToArray(), cancellationToken);
        await Response.Body.FlushAsync(cancellationToken);
    }

    public override Task ErrorEventAsync(string errorType, string message, CancellationToken cancellationToken) =>
        SendAsync(null, ErrorBody(errorType, message), cancellationToken);

    public override async Task EndAsync(bool maxTokens, int inputTokens, int outputTokens, CancellationToken cancellationToken)
    {
        await SendAsync(null, Chunk(new { }, maxTokens ? "length" : "stop"), cancellationToken);
        if (includeUsage)
        {
            await SendAsync(null, new
            {
                id = "chatcmpl-" + Id,
                @object = "chat.completion.chunk",
                created = _created,
                model = Model,
                system_fingerprint = "fp_fake",
                choices = Array.Empty<object>(),
                usage = new { prompt_tokens = inputTokens, completion_tokens = outputTokens, total_tokens = inputTokens + outputTokens },
            }, cancellationToken);
        }
        await SendAsync(null, "[DONE]", cancellationToken);
    }

    private object Chunk(object delta, string? finishReason) => new
    {
        id = "chatcmpl-" + Id,
        @object = "chat.completion.chunk",
        created = _created,
        model = Model,
        system_fingerprint = "fp_fake",
        choices = new[] { new { index = 0, delta, logprobs = (object?)null, finish_reason = finishReason } },
        usage = (object?)null, // present (null) on every chunk, as when stream_options.include_usage is set
    };
}
