using System.Text.Json;

namespace Blazar.FakeModel;

/// <summary>A request the fake model received: what was sent, and whether the client went away before the answer ended.</summary>
public sealed class RecordedRequest
{
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RecordedRequest(int index, string path, IReadOnlyDictionary<string, string> headers, string body, long timestamp)
    {
        Index = index;
        Path = path;
        Headers = headers;
        Body = body;
        Timestamp = timestamp;
        try
        {
            Json = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            Json = default;
        }
        Messages = ReadMessages(Json);
    }

    /// <summary>Position in arrival order, from 0.</summary>
    public int Index { get; }

    /// <summary>The request path, e.g. <c>/v1/messages</c>.</summary>
    public string Path { get; }

    /// <summary>The request headers, names in lower case.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The raw request body.</summary>
    public string Body { get; }

    /// <summary>The body parsed as JSON (<c>default</c> when it is not JSON).</summary>
    public JsonElement Json { get; }

    /// <summary>When it arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public long Timestamp { get; }

    /// <summary>The conversation, system prompt excluded, as (role, text) with content blocks joined.</summary>
    public IReadOnlyList<(string Role, string Text)> Messages { get; }

    /// <summary>Whether the body asked for a stream.</summary>
    public bool Stream => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;

    /// <summary>The model the body asked for.</summary>
    public string Model => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("model", out var m) ? m.GetString() ?? "" : "";

    /// <summary>Completes when the client closed the connection before the answer was complete (not when the fake cut it on purpose).</summary>
    public Task Disconnected => _disconnected.Task;

    /// <summary>Whether the client closed the connection before the answer was complete.</summary>
    public bool ClientDisconnected => _disconnected.Task.IsCompleted;

    internal void MarkDisconnected() => _disconnected.TrySetResult();

    private static List<(string, string)> ReadMessages(JsonElement json)
    {
        var list = new List<(string, string)>();
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            return list;
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.TryGetProperty("role", out var r) ? r.GetString() ?? "" : "";
            if (role is "system" or "developer")
                continue;
            list.Add((role, message.TryGetProperty("content", out var content) ? TextOf(content) : ""));
        }
        return list;
    }

    private static string TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(part => part.TryGetProperty("text", out _))
            .Select(part => part.GetProperty("text").GetString())),
        _ => "",
    };
}
