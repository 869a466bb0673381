using Blazar.Reports;
using Blazar.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace Blazar.Tests.Streaming;

/// <summary>What only the in-process log does; the contract is in <see cref="ChunkLogContract"/>.</summary>
public sealed class MemoryChunkLogTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task An_ended_log_is_forgotten_after_a_while_so_memory_stays_bounded()
    {
        IChunkLog log = new MemoryChunkLog(_time);
        await log.OpenAsync("r", "text", default);
        await log.EndAsync("r", new LogEnd(ReportStatus.Done), default);
        Assert.NotNull(await log.ReadAsync("r", 0, 10, default));

        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(await log.ReadAsync("r", 0, 10, default));
    }

    [Fact]
    public async Task A_reopened_log_is_not_forgotten_by_the_timer_of_its_earlier_end()
    {
        IChunkLog log = new MemoryChunkLog(_time);
        await log.OpenAsync("r", "text", default);
        await log.EndAsync("r", new LogEnd(ReportStatus.Cancelled), default);
        await log.OpenAsync("r", "text", default);

        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal("text", (await log.ReadAsync("r", 0, 10, default))!.Text);
    }

    [Fact]
    public async Task Viewers_that_keep_up_share_one_slice_and_one_serialized_event()
    {
        IChunkLog log = new MemoryChunkLog(_time);
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
