using Blazar.Reports;
using Blazar.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace Blazar.Tests.Streaming;

public sealed class MemoryChunkLogTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Readers_get_coalesced_text_after_any_sequence_number_and_then_the_end()
    {
        var log = new MemoryChunkLog(_time);
        await log.OpenAsync("r", "<!doctype", default);
        var chunk = await log.AppendAsync("r", " html>", 5, default);
        await log.AppendAsync("r", "<p>", 6, default);

        Assert.Equal(9, chunk.Offset);
        Assert.Equal(15, chunk.Seq);
        var slice = (await log.ReadAsync("r", 4, 1000, default))!;
        Assert.Equal("ctype html><p>", slice.Text);
        Assert.Equal(18, slice.Seq);
        Assert.Equal(6, slice.Progress);
        Assert.Null(slice.End);
        Assert.Equal("ct", (await log.ReadAsync("r", 4, 2, default))!.Text);

        await log.EndAsync("r", new LogEnd(ReportStatus.Done), default);
        Assert.Equal(ReportStatus.Done, (await log.ReadAsync("r", 18, 10, default))!.End?.Status);
        Assert.Null((await log.ReadAsync("r", 4, 2, default))!.End); // the end comes only after the last chunk
    }

    [Fact]
    public async Task A_waiting_reader_wakes_on_append_and_on_end()
    {
        var log = new MemoryChunkLog(_time);
        await log.OpenAsync("r", "", default);
        var waiting = log.WaitAsync("r", 0, default);
        Assert.False(waiting.IsCompleted);

        await log.AppendAsync("r", "x", 1, default);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        var again = log.WaitAsync("r", 1, default);
        await log.EndAsync("r", new LogEnd(ReportStatus.Cancelled, "stop"), default);
        await again.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_ended_log_is_forgotten_after_a_while_so_memory_stays_bounded()
    {
        var log = new MemoryChunkLog(_time);
        await log.OpenAsync("r", "text", default);
        await log.EndAsync("r", new LogEnd(ReportStatus.Done), default);
        Assert.NotNull(await log.ReadAsync("r", 0, 10, default));

        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(await log.ReadAsync("r", 0, 10, default));
    }

    [Fact]
    public async Task A_reopened_log_is_not_forgotten_by_the_timer_of_its_earlier_end()
    {
        var log = new MemoryChunkLog(_time);
        await log.OpenAsync("r", "text", default);
        await log.EndAsync("r", new LogEnd(ReportStatus.Cancelled), default);
        await log.OpenAsync("r", "text", default);

        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal("text", (await log.ReadAsync("r", 0, 10, default))!.Text);
    }

    [Fact]
    public async Task Viewers_that_keep_up_share_one_slice_and_one_serialized_event()
    {
        var log = new MemoryChunkLog(_time);
        await log.OpenAsync("r", "<!doctype html>", default);
        await log.AppendAsync("r", "<p>new</p>", 9, default);

        var first = (await log.ReadAsync("r", 15, 1000, default))!;
        var second = (await log.ReadAsync("r", 15, 1000, default))!;
        var a = SseEvents.From("r", new FeedEvent.Text(first.Text, first.Offset, first.Progress));
        var b = SseEvents.From("r", new FeedEvent.Text(second.Text, second.Offset, second.Progress));

        Assert.Same(first, second);
        Assert.Same(a.Data, b.Data);
        await log.AppendAsync("r", "<p>more</p>", 10, default);
        Assert.NotSame(first, await log.ReadAsync("r", 15, 1000, default));
    }
}
