using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Blazar.Writers.Providers;

/// <summary>
/// One event of a streamed Messages API answer, as far as a writer of text needs it. <paramref name="Text"/> is a
/// delta's text, the end's stop reason or an error's message; <paramref name="Tokens"/> the start's input tokens or
/// the end's output tokens.
/// </summary>
internal readonly record struct AnthropicEvent(AnthropicEventKind Kind, string? Text = null, long Tokens = 0, string? Model = null)
{
    /// <summary>The events of a Messages API stream, as they arrive.</summary>
    public static IAsyncEnumerable<SseItem<AnthropicEvent>> ReadAllAsync(Stream stream, CancellationToken cancellationToken) =>
        SseParser.Create(stream, static (type, data) => Parse(type, data)).EnumerateAsync(cancellationToken);

    /// <summary>Reads an event straight from its UTF-8 bytes: no string of the JSON, no document, only the text a delta carries.</summary>
    public static AnthropicEvent Parse(string type, ReadOnlySpan<byte> data) => type switch
    {
        "content_block_delta" => Delta(data),
        "message_start" => Start(data),
        "message_delta" => End(data),
        "message_stop" => new(AnthropicEventKind.Stop),
        "error" => new(AnthropicEventKind.Error, Text: ErrorMessage(data) ?? "The model stream reported an error."),
        _ => new(AnthropicEventKind.Other), // ping, content_block_start, content_block_stop, and whatever comes next
    };

    /// <summary>The <c>error.message</c> of an error body, or null when it has none.</summary>
    public static string? ErrorMessage(ReadOnlySpan<byte> data)
    {
        try
        {
            var json = new Utf8JsonReader(data);
            return Find(ref json, "error"u8) && Find(ref json, "message"u8) && json.TokenType == JsonTokenType.String ? json.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"…"}}; other deltas (a tool's JSON, thinking) carry no text.
    private static AnthropicEvent Delta(ReadOnlySpan<byte> data)
    {
        var json = new Utf8JsonReader(data);
        if (!Find(ref json, "delta"u8))
            return new(AnthropicEventKind.Other);
        string? text = null;
        var isText = false;
        var depth = json.CurrentDepth;
        while (NextProperty(ref json, depth))
        {
            if (json.ValueTextEquals("type"u8))
            {
                json.Read();
                isText = json.ValueTextEquals("text_delta"u8);
            }
            else if (json.ValueTextEquals("text"u8))
            {
                json.Read();
                text = json.GetString();
            }
        }
        return isText && text is not null ? new(AnthropicEventKind.Text, text) : new(AnthropicEventKind.Other);
    }

    // {"type":"message_start","message":{"model":"…",…,"usage":{"input_tokens":n,…}}}
    private static AnthropicEvent Start(ReadOnlySpan<byte> data)
    {
        var json = new Utf8JsonReader(data);
        if (!Find(ref json, "message"u8))
            return new(AnthropicEventKind.Start);
        string? model = null;
        long input = 0;
        var depth = json.CurrentDepth;
        while (NextProperty(ref json, depth))
        {
            if (json.ValueTextEquals("model"u8))
            {
                json.Read();
                model = json.TokenType == JsonTokenType.String ? json.GetString() : null;
            }
            else if (json.ValueTextEquals("usage"u8))
            {
                json.Read();
                input = Number(ref json, "input_tokens"u8);
            }
        }
        return new(AnthropicEventKind.Start, Tokens: input, Model: model);
    }

    // {"type":"message_delta","delta":{"stop_reason":"end_turn",…},"usage":{"output_tokens":n}}
    private static AnthropicEvent End(ReadOnlySpan<byte> data)
    {
        var json = new Utf8JsonReader(data);
        json.Read();
        string? stopReason = null;
        long output = 0;
        while (NextProperty(ref json, 0))
        {
            if (json.ValueTextEquals("delta"u8))
            {
                json.Read();
                var depth = json.CurrentDepth;
                while (NextProperty(ref json, depth))
                {
                    if (!json.ValueTextEquals("stop_reason"u8))
                        continue;
                    json.Read();
                    stopReason = json.TokenType == JsonTokenType.String ? json.GetString() : null;
                }
            }
            else if (json.ValueTextEquals("usage"u8))
            {
                json.Read();
                output = Number(ref json, "output_tokens"u8);
            }
        }
        return new(AnthropicEventKind.End, Text: stopReason, Tokens: output);
    }

    /// <summary>The number <paramref name="name"/> of the object the reader is at (0 when absent); leaves the reader at its end.</summary>
    private static long Number(ref Utf8JsonReader json, ReadOnlySpan<byte> name)
    {
        if (json.TokenType != JsonTokenType.StartObject)
            return 0;
        long tokens = 0;
        var depth = json.CurrentDepth;
        while (NextProperty(ref json, depth))
        {
            if (!json.ValueTextEquals(name))
                continue;
            json.Read();
            if (json.TokenType == JsonTokenType.Number)
                tokens = json.GetInt64();
        }
        return tokens;
    }

    /// <summary>Moves to the value of the property <paramref name="name"/> among the children of the current object (the root first).</summary>
    private static bool Find(ref Utf8JsonReader json, ReadOnlySpan<byte> name)
    {
        if (json.TokenType == JsonTokenType.None && (!json.Read() || json.TokenType != JsonTokenType.StartObject))
            return false;
        var depth = json.CurrentDepth;
        while (NextProperty(ref json, depth))
        {
            var found = json.ValueTextEquals(name);
            json.Read();
            if (found)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Moves to the name of the next property of the object that starts at <paramref name="depth"/>, passing over the
    /// values the caller did not read (nested ones included); false at the object's end.
    /// </summary>
    private static bool NextProperty(ref Utf8JsonReader json, int depth)
    {
        while (json.Read() && json.CurrentDepth > depth)
        {
            if (json.TokenType == JsonTokenType.PropertyName && json.CurrentDepth == depth + 1)
                return true;
        }
        return false;
    }
}

internal enum AnthropicEventKind
{
    Other,
    Start,
    Text,
    End,
    Stop,
    Error,
}
