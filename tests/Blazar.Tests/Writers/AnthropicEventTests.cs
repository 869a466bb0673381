using System.Text;
using Blazar.Writers.Providers;

namespace Blazar.Tests.Writers;

/// <summary>The Messages API's events as Blazar's own stream reader takes them, field order and extra fields included.</summary>
public sealed class AnthropicEventTests
{
    [Theory]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"<h1>Q3</h1>"}}""", "<h1>Q3</h1>")]
    [InlineData("""{"delta":{"text":"a \"quoted\" \u00e9 \ud83d\ude00\n","type":"text_delta"},"index":3,"type":"content_block_delta"}""", "a \"quoted\" é 😀\n")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"","extra":{"nested":[1,{"text":"no"}]}}}""", "")]
    public void A_text_delta_gives_its_text_unescaped(string data, string text)
    {
        var e = Parse("content_block_delta", data);

        Assert.Equal(AnthropicEventKind.Text, e.Kind);
        Assert.Equal(text, e.Text);
    }

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"title\": \"Q"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm","text":"not for the report"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0}""")]
    public void Deltas_that_are_not_text_give_nothing(string data) =>
        Assert.Equal(AnthropicEventKind.Other, Parse("content_block_delta", data).Kind);

    [Fact]
    public void The_start_gives_the_model_and_the_input_tokens()
    {
        var e = Parse("message_start", """
            {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"x"}],
            "usage":{"cache_read_input_tokens":5,"input_tokens":1234,"output_tokens":1},"model":"claude-sonnet-4-5","stop_reason":null}}
            """);

        Assert.Equal(new AnthropicEvent(AnthropicEventKind.Start, Tokens: 1234, Model: "claude-sonnet-4-5"), e);
    }

    [Theory]
    [InlineData("""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4021}}""", "end_turn", 4021)]
    [InlineData("""{"usage":{"input_tokens":9,"output_tokens":16000},"delta":{"stop_sequence":null,"stop_reason":"max_tokens"},"type":"message_delta"}""", "max_tokens", 16000)]
    [InlineData("""{"type":"message_delta","delta":{"stop_reason":null},"usage":{}}""", null, 0)]
    public void The_end_gives_the_stop_reason_and_the_output_tokens(string data, string? stopReason, long output) =>
        Assert.Equal(new AnthropicEvent(AnthropicEventKind.End, Text: stopReason, Tokens: output), Parse("message_delta", data));

    [Fact]
    public void An_error_event_gives_the_apis_message()
    {
        var e = Parse("error", """{"type":"error","error":{"details":null,"type":"overloaded_error","message":"Overloaded"}}""");

        Assert.Equal(new AnthropicEvent(AnthropicEventKind.Error, Text: "Overloaded"), e);
    }

    [Theory]
    [InlineData("""{"type":"error","error":{"type":"api_error"}}""")]
    [InlineData("""not json""")]
    [InlineData("""{"error":"a string, not an object"}""")]
    public void An_error_without_a_message_still_says_there_was_one(string data) =>
        Assert.Equal(new AnthropicEvent(AnthropicEventKind.Error, Text: "The model stream reported an error."), Parse("error", data));

    [Theory]
    [InlineData("ping", """{"type":"ping"}""", "Other")]
    [InlineData("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""", "Other")]
    [InlineData("some_future_event", """{"anything":[1,2,3]}""", "Other")]
    [InlineData("message_stop", """{"type":"message_stop"}""", "Stop")]
    public void Other_events_are_told_apart_by_their_name(string type, string data, string kind) =>
        Assert.Equal(Enum.Parse<AnthropicEventKind>(kind), Parse(type, data).Kind);

    [Fact]
    public void A_text_delta_allocates_its_text_and_nothing_else()
    {
        var data = Encoding.UTF8.GetBytes("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"<p>Revenue grew 12% in the quarter.</p>"}}""");
        AnthropicEvent.Parse("content_block_delta", data); // compiled before it is measured

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = AnthropicEvent.Parse("content_block_delta", data);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The string of 39 characters is 24 + 2 × 39 bytes, rounded up to 8: 104.
        Assert.Equal(104, allocated);
        Assert.Equal("<p>Revenue grew 12% in the quarter.</p>", e.Text);
    }

    private static AnthropicEvent Parse(string type, string data) => AnthropicEvent.Parse(type, Encoding.UTF8.GetBytes(data));
}
