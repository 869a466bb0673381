using System.Buffers;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Blazar.Writers.Providers;

/// <summary>
/// Streams text from the Messages API itself, for a conversation without tools (every report the writer writes);
/// anything else (the interview's tool call, a non-streamed answer) goes to the SDK's client within.
/// The SDK builds a JSON model of every event, about 11 KB of allocation per delta, on the path each chunk takes
/// to its viewers; read here with <see cref="AnthropicEvent.Parse"/> a delta costs its text and its update.
/// </summary>
internal sealed class AnthropicStreamingClient(IChatClient sdk, HttpClient http, Uri baseUrl, string apiKey, string model, int maxTokens)
    : DelegatingChatClient(sdk)
{
    /// <summary>The API version the request and the events above are written for.</summary>
    public const string ApiVersion = "2023-06-01";

    /// <summary>The most of an error body read for its message.</summary>
    private const int MaxErrorBody = 64 * 1024;

    private readonly Uri _messages = new(baseUrl, "v1/messages");
    private readonly ChatClientMetadata _metadata = new("anthropic", baseUrl, model);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        options?.Tools is { Count: > 0 }
            ? base.GetStreamingResponseAsync(messages, options, cancellationToken)
            : StreamAsync(messages, options, cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : base.GetService(serviceType, serviceKey);

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _messages) { Content = Body(messages, options) };
        request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
        request.Headers.TryAddWithoutValidation("anthropic-version", ApiVersion);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw await RefusalAsync(response, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        string? responseModel = null;
        await foreach (var item in AnthropicEvent.ReadAllAsync(stream, cancellationToken))
        {
            var e = item.Data;
            switch (e.Kind)
            {
                case AnthropicEventKind.Text:
                    yield return new ChatResponseUpdate(ChatRole.Assistant, e.Text) { ModelId = responseModel };
                    break;
                case AnthropicEventKind.Start:
                    responseModel = e.Model ?? model;
                    // Input tokens are spent even when the stream later breaks: they count from here.
                    yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = e.Tokens })]) { ModelId = responseModel };
                    break;
                case AnthropicEventKind.End:
                    yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { OutputTokenCount = e.Tokens })])
                    {
                        ModelId = responseModel,
                        FinishReason = FinishReason(e.Text),
                    };
                    break;
                case AnthropicEventKind.Error:
                    throw new ModelApiException(null, e.Text!);
                case AnthropicEventKind.Stop:
                    yield break;
            }
        }
    }

    private ByteArrayContent Body(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, options?.ModelId ?? model);
            json.WriteNumber("max_tokens"u8, options?.MaxOutputTokens ?? maxTokens);
            json.WriteBoolean("stream"u8, true);
            if (options?.Temperature is { } temperature)
                json.WriteNumber("temperature"u8, temperature);
            var system = string.Join("\n\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
            if (system.Length > 0)
                json.WriteString("system"u8, system);
            json.WriteStartArray("messages"u8);
            foreach (var message in messages.Where(m => m.Role != ChatRole.System))
            {
                json.WriteStartObject();
                json.WriteString("role"u8, message.Role == ChatRole.Assistant ? "assistant" : "user");
                json.WriteString("content"u8, message.Text);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>The API's refusal, with its own message (<c>{"type":"error","error":{"message":…}}</c>) when it gave one.</summary>
    private static async Task<ModelApiException> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxErrorBody];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            length += read;
        var text = buffer.AsSpan(0, length);
        var message = AnthropicEvent.ErrorMessage(text) ?? (length > 0 ? Encoding.UTF8.GetString(text[..Math.Min(length, 500)]) : response.ReasonPhrase ?? "no message");
        return new ModelApiException((int)response.StatusCode, message);
    }

    private static ChatFinishReason? FinishReason(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" => ChatFinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "tool_use" => ChatFinishReason.ToolCalls,
        "refusal" => ChatFinishReason.ContentFilter,
        var other => new ChatFinishReason(other),
    };
}
