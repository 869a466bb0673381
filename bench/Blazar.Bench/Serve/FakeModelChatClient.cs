using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Blazar.Bench.Serve;

/// <summary>
/// A minimal reader of the fake model's Anthropic-format stream (<c>--model-client bench</c>), in place of
/// Blazar's own Anthropic writer: comparing the two tells the writer's share of the relay overhead.
/// </summary>
internal sealed class FakeModelChatClient(HttpClient http, Uri endpoint) : IChatClient
{
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = JsonContent(new { model = "bench-fake", max_tokens = 64000, stream = true, messages = messages.Select(m => new { role = m.Role.Value, content = m.Text }) }),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            using var json = JsonDocument.Parse(item.Data);
            var root = json.RootElement;
            switch (item.EventType)
            {
                case "content_block_delta":
                    yield return new ChatResponseUpdate(ChatRole.Assistant, root.GetProperty("delta").GetProperty("text").GetString());
                    break;
                case "message_delta":
                    var tokens = root.GetProperty("usage").GetProperty("output_tokens").GetInt64();
                    yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { OutputTokenCount = tokens })])
                    {
                        ModelId = "bench-fake",
                        FinishReason = ChatFinishReason.Stop,
                    };
                    break;
                case "message_stop":
                    yield break;
            }
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static StringContent JsonContent<T>(T body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
