using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Blazar.Bench.Fake;

/// <summary>The Messages API streaming events (<c>stream: true</c>) the fake model writes, as SSE frames.</summary>
internal static class AnthropicFrames
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Start(string model) => Frame("message_start", w =>
    {
        w.WriteString("type", "message_start");
        w.WriteStartObject("message");
        w.WriteString("id", "msg_bench");
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", model);
        w.WriteStartArray("content");
        w.WriteEndArray();
        w.WriteNull("stop_reason");
        w.WriteNull("stop_sequence");
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", 10);
        w.WriteNumber("output_tokens", 1);
        w.WriteEndObject();
        w.WriteEndObject();
    }).Concat(Frame("content_block_start", w =>
    {
        w.WriteString("type", "content_block_start");
        w.WriteNumber("index", 0);
        w.WriteStartObject("content_block");
        w.WriteString("type", "text");
        w.WriteString("text", "");
        w.WriteEndObject();
    })).ToArray();

    public static readonly byte[] Ping = Frame("ping", w => w.WriteString("type", "ping"));

    public static byte[] Delta(string text) => Frame("content_block_delta", w =>
    {
        w.WriteString("type", "content_block_delta");
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        w.WriteString("type", "text_delta");
        w.WriteString("text", text);
        w.WriteEndObject();
    });

    public static byte[] Stop(int outputTokens) =>
        Frame("content_block_stop", w => { w.WriteString("type", "content_block_stop"); w.WriteNumber("index", 0); })
        .Concat(Frame("message_delta", w =>
        {
            w.WriteString("type", "message_delta");
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", "end_turn");
            w.WriteNull("stop_sequence");
            w.WriteEndObject();
            w.WriteStartObject("usage");
            w.WriteNumber("output_tokens", outputTokens);
            w.WriteEndObject();
        }))
        .Concat(Frame("message_stop", w => w.WriteString("type", "message_stop")))
        .ToArray();

    private static byte[] Frame(string type, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(Encoding.UTF8.GetBytes($"event: {type}\ndata: "));
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
