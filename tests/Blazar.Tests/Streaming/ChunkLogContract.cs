using Blazar.Reports;
using Blazar.Streaming;

namespace Blazar.Tests.Streaming;

/// <summary>
/// The contract of <see cref="IChunkLog"/> (its remarks), checked against every implementation: a writer's log and
/// a reader's, which are one object in-process and two instances with Redis.
/// </summary>
public abstract class ChunkLogContract : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    protected string Id { get; } = ReportId.New();
    protected IChunkLog Writer { get; set; } = null!;
    protected IChunkLog Reader { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task Sequence_numbers_are_text_lengths_and_reads_resume_exactly_after_them()
    {
        await Writer.OpenAsync(Id, "<html>", default);
        var first = await Writer.AppendAsync(Id, "<h1>Q3</h1>", 10, default);
        var second = await Writer.AppendAsync(Id, "<p>é😀</p>", 20, default);
        await Writer.EndAsync(Id, new LogEnd(ReportStatus.Done), default);

        Assert.Equal((6, 17), (first.Offset, first.Seq));
        Assert.Equal((17, 17 + "<p>é😀</p>".Length), (second.Offset, second.Seq));
        var all = (await Reader.ReadAsync(Id, 0, int.MaxValue, default))!;
        Assert.Equal(("<html><h1>Q3</h1><p>é😀</p>", 20, ReportStatus.Done), (all.Text, all.Progress, all.End!.Status));
        var middle = (await Reader.ReadAsync(Id, 3, 8, default))!;
        Assert.Equal((3, "ml><h1>Q", (LogEnd?)null), (middle.Offset, middle.Text, middle.End)); // the end only with the slice that reaches it
        Assert.Equal("3</h1><p>é😀</p>", (await Reader.ReadAsync(Id, middle.Seq, int.MaxValue, default))!.Text);
        var atEnd = (await Reader.ReadAsync(Id, all.Seq, 100, default))!;
        Assert.Equal(("", ReportStatus.Done), (atEnd.Text, atEnd.End!.Status));
    }

    [Fact]
    public async Task A_read_after_the_end_of_the_log_is_empty_at_its_length()
    {
        await Writer.OpenAsync(Id, "<html>", default);
        await Writer.AppendAsync(Id, "<body>", 5, default);

        var beyond = (await Reader.ReadAsync(Id, 40, 100, default))!;
        Assert.Equal((12, "", (LogEnd?)null), (beyond.Offset, beyond.Text, beyond.End));

        await Writer.EndAsync(Id, new LogEnd(ReportStatus.Done), default);
        var ended = (await Reader.ReadAsync(Id, 40, 100, default))!;
        Assert.Equal((12, "", ReportStatus.Done), (ended.Offset, ended.Text, ended.End?.Status));
        Assert.Equal(12, (await Reader.ReadAsync(Id, 12, 100, default))!.Offset); // at the end exactly: where it was asked
    }

    [Fact]
    public async Task Opening_keeps_an_unfinished_log_and_restarts_an_ended_one()
    {
        await Writer.OpenAsync(Id, "<html>", default);
        await Writer.AppendAsync(Id, "<body>", 5, default);

        await Writer.OpenAsync(Id, "<html>", default); // recovery or takeover: the log is ahead of the store
        Assert.Equal("<html><body>", (await Reader.ReadAsync(Id, 0, 100, default))!.Text);
        Assert.Equal(12, (await Writer.AppendAsync(Id, "<p>", 6, default)).Offset);

        await Writer.EndAsync(Id, new LogEnd(ReportStatus.Cancelled, "stopped"), default);
        await Writer.OpenAsync(Id, "<html><body><p>", default); // continue after a stop
        var reopened = (await Reader.ReadAsync(Id, 0, 100, default))!;
        Assert.Equal(("<html><body><p>", (LogEnd?)null), (reopened.Text, reopened.End));
        Assert.Equal(15, (await Writer.AppendAsync(Id, "x", 7, default)).Offset);
    }

    [Fact]
    public async Task Appending_to_an_ended_log_fails_by_the_next_call_at_the_latest()
    {
        await Writer.OpenAsync(Id, "", default);
        await Writer.AppendAsync(Id, "a", 1, default);
        await Writer.EndAsync(Id, new LogEnd(ReportStatus.Done), default);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await Writer.AppendAsync(Id, "b", 2, default);
            await Writer.AppendAsync(Id, "c", 3, default);
        });
        Assert.Equal("a", (await Reader.ReadAsync(Id, 0, 100, default))!.Text);
    }

    [Fact]
    public async Task A_new_versions_log_replaces_the_ended_one_and_every_slice_names_its_version()
    {
        await Writer.OpenAsync(Id, "<html><p>one</p>", default);
        await Writer.EndAsync(Id, new LogEnd(ReportStatus.Done), default);
        Assert.Equal(1, (await Reader.ReadAsync(Id, 0, 100, default))!.Version);

        await Writer.OpenAsync(Id, 2, "<html>", resumed: false, default);
        await Writer.AppendAsync(Id, "<p>two</p>", 30, default);

        var slice = (await Reader.ReadAsync(Id, 0, 100, default))!;
        Assert.Equal((2, "<html><p>two</p>", null), (slice.Version, slice.Text, slice.End));
        var tail = (await Reader.ReadAsync(Id, 6, 100, default))!;
        Assert.Equal((2, "<p>two</p>"), (tail.Version, tail.Text)); // a read that skips the seed still knows the version
        await Writer.OpenAsync(Id, 3, "ignored", resumed: false, default); // unfinished: kept as it is
        Assert.Equal(2, (await Reader.ReadAsync(Id, 16, 100, default))!.Version);
    }

    [Fact]
    public async Task The_first_end_stands_and_ending_a_log_that_is_gone_changes_nothing()
    {
        await Writer.OpenAsync(Id, "text", default);
        await Writer.EndAsync(Id, new LogEnd(ReportStatus.Failed, "boom", Retryable: false), default);
        await Writer.EndAsync(Id, new LogEnd(ReportStatus.Done), default);

        var end = (await Reader.ReadAsync(Id, 4, 100, default))!.End!;
        Assert.Equal((ReportStatus.Failed, "boom", false), (end.Status, end.Message, end.Retryable));

        await Writer.RemoveAsync(Id, default);
        await Writer.EndAsync(Id, new LogEnd(ReportStatus.Done), default);
        Assert.Null(await Reader.ReadAsync(Id, 0, 100, default));
    }

    [Fact]
    public async Task A_read_never_ends_between_the_halves_of_a_surrogate_pair()
    {
        var text = "ab" + string.Concat(Enumerable.Repeat("😀", 50));
        await Writer.OpenAsync(Id, "", default);
        foreach (var piece in text.Chunk(10))
            await Writer.AppendAsync(Id, new string(piece), 1, default);
        await Writer.EndAsync(Id, new LogEnd(ReportStatus.Done), default);

        foreach (var maxChars in new[] { 2, 3, 4, 7, 11, 64 })
        {
            var read = "";
            for (var after = 0; after < text.Length;)
            {
                var slice = (await Reader.ReadAsync(Id, after, maxChars, default))!;
                Assert.True(slice.Text.Length > 0, $"an empty slice before the end at {after} (max {maxChars})");
                Assert.False(char.IsHighSurrogate(slice.Text[^1]), $"a slice ends in half a pair at {slice.Seq} (max {maxChars})");
                read += slice.Text;
                after = slice.Seq;
            }
            Assert.Equal(text, read);
        }
    }

    [Fact]
    public async Task A_waiting_reader_wakes_for_an_append_for_the_end_and_for_removal()
    {
        await Writer.OpenAsync(Id, "", default);
        var waiting = Reader.WaitAsync(Id, 0, default);
        Assert.False(waiting.IsCompleted);
        await Writer.AppendAsync(Id, "<html>", 5, default);
        await waiting.WaitAsync(Patience);

        var waitingForEnd = Reader.WaitAsync(Id, 6, default);
        Assert.False(waitingForEnd.IsCompleted);
        await Writer.EndAsync(Id, new LogEnd(ReportStatus.Cancelled, "stop"), default);
        await waitingForEnd.WaitAsync(Patience);

        await Writer.OpenAsync(Id, "<html>", default);
        var waitingForRemoval = Reader.WaitAsync(Id, 6, default);
        await Writer.RemoveAsync(Id, default);
        await waitingForRemoval.WaitAsync(Patience);
        Assert.Null(await Reader.ReadAsync(Id, 0, 100, default));
        await Reader.WaitAsync(Id, 0, default).WaitAsync(Patience); // no log: at once
    }
}

/// <summary>The in-process log keeps the contract.</summary>
public sealed class MemoryChunkLogContractTests : ChunkLogContract
{
    public override Task InitializeAsync()
    {
        Writer = Reader = new MemoryChunkLog(TimeProvider.System);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;
}
