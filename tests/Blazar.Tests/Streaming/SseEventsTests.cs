using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Blazar.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace Blazar.Tests.Streaming;

public sealed class SseEventsTests
{
    [Fact]
    public async Task A_quiet_stream_gets_a_ping_within_the_heartbeat_interval_and_a_busy_one_none()
    {
        var time = new FakeTimeProvider();
        var source = Channel.CreateUnbounded<SseItem<string>>();
        await using var stream = SseEvents.WithHeartbeat(Read(source.Reader), time, CancellationToken.None).GetAsyncEnumerator();

        source.Writer.TryWrite(new SseItem<string>("{}", "chunk"));
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("chunk", stream.Current.EventType);

        var next = stream.MoveNextAsync().AsTask();
        for (var i = 0; i < 15 && !next.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("ping", stream.Current.EventType);
        Assert.Equal("", stream.Current.Data);

        source.Writer.TryWrite(new SseItem<string>("{}", "done"));
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("done", stream.Current.EventType);
        source.Writer.Complete();
        Assert.False(await stream.MoveNextAsync());
    }

    [Fact]
    public void Chunk_events_carry_their_sequence_number_as_id_and_offsets_in_utf16_units()
    {
        var item = SseEvents.From("r", new FeedEvent.Text("é😀<b>", 10, 42));

        Assert.Equal("chunk", item.EventType);
        Assert.Equal("16", item.EventId);
        var data = System.Text.Json.JsonDocument.Parse(item.Data).RootElement;
        Assert.Equal("é😀<b>", data.GetProperty("delta").GetString());
        Assert.Equal(10, data.GetProperty("offset").GetInt32());
        Assert.Equal(16, data.GetProperty("length").GetInt32());
        Assert.Equal(42, data.GetProperty("progress").GetInt32());
        Assert.Contains("<b>", item.Data, StringComparison.Ordinal); // markup is not escaped into \u003C
    }

    private static async IAsyncEnumerable<SseItem<string>> Read(ChannelReader<SseItem<string>> reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in reader.ReadAllAsync(cancellationToken))
            yield return item;
    }
}
