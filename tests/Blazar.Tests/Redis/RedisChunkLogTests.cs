using Blazar.Generation;
using Blazar.Reports;
using Blazar.Streaming;
using Blazar.Tests.Storage;

namespace Blazar.Tests.Redis;

/// <summary>The Redis chunk log keeps the chunk log's contract, across instances.</summary>
[Collection("fleet")]
public sealed class RedisChunkLogTests(RedisFixture redis, PostgresFixture postgres) : IAsyncLifetime
{
    private readonly BlazarCluster _cluster = new(redis.Server, postgres.Server);
    private readonly string _id = ReportId.New();
    private IChunkLog _writer = null!;
    private IChunkLog _reader = null!;

    public async Task InitializeAsync()
    {
        var a = await _cluster.StartAsync(charsPerSecond: 0);
        var b = await _cluster.StartAsync(charsPerSecond: 0);
        Assert.True(await a.Get<IGenerationLeases>().TryAcquireAsync(_id, CancellationToken.None));
        (_writer, _reader) = (a.Get<IChunkLog>(), b.Get<IChunkLog>());
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Sequence_numbers_are_text_lengths_and_reads_resume_exactly_after_them()
    {
        await _writer.OpenAsync(_id, "<html>", CancellationToken.None);
        var first = await _writer.AppendAsync(_id, "<h1>Q3</h1>", 10, CancellationToken.None);
        var second = await _writer.AppendAsync(_id, "<p>é😀</p>", 20, CancellationToken.None);
        await _writer.EndAsync(_id, new LogEnd(ReportStatus.Done), CancellationToken.None);

        Assert.Equal((6, 17), (first.Offset, first.Seq));
        Assert.Equal((17, 17 + "<p>é😀</p>".Length), (second.Offset, second.Seq));
        var all = (await _reader.ReadAsync(_id, 0, int.MaxValue, CancellationToken.None))!;
        Assert.Equal(("<html><h1>Q3</h1><p>é😀</p>", 20, ReportStatus.Done), (all.Text, all.Progress, all.End!.Status));
        var middle = (await _reader.ReadAsync(_id, 3, 8, CancellationToken.None))!;
        Assert.Equal((3, "ml><h1>Q", (LogEnd?)null), (middle.Offset, middle.Text, middle.End));
        var rest = (await _reader.ReadAsync(_id, middle.Seq, int.MaxValue, CancellationToken.None))!;
        Assert.Equal("3</h1><p>é😀</p>", rest.Text);
        var atEnd = (await _reader.ReadAsync(_id, all.Seq, 100, CancellationToken.None))!;
        Assert.Equal(("", ReportStatus.Done), (atEnd.Text, atEnd.End!.Status));
    }

    [Fact]
    public async Task A_waiting_reader_on_another_instance_wakes_for_an_append_and_for_the_end()
    {
        await _writer.OpenAsync(_id, "", CancellationToken.None);
        var waiting = _reader.WaitAsync(_id, 0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        await _writer.AppendAsync(_id, "<html>", 5, CancellationToken.None);
        await waiting.WaitAsync(BlazarCluster.Patience);

        var waitingForEnd = _reader.WaitAsync(_id, 6, CancellationToken.None);
        Assert.False(waitingForEnd.IsCompleted);
        await _writer.EndAsync(_id, new LogEnd(ReportStatus.Failed, "boom", Retryable: false), CancellationToken.None);
        await waitingForEnd.WaitAsync(BlazarCluster.Patience);
        var end = (await _reader.ReadAsync(_id, 6, 100, CancellationToken.None))!.End!;
        Assert.Equal((ReportStatus.Failed, "boom", false), (end.Status, end.Message, end.Retryable));
    }

    [Fact]
    public async Task Opening_keeps_an_unfinished_log_restarts_an_ended_one_and_removing_forgets_it()
    {
        await _writer.OpenAsync(_id, "<html>", CancellationToken.None);
        await _writer.AppendAsync(_id, "<body>", 5, CancellationToken.None);

        await _writer.OpenAsync(_id, "<html>", CancellationToken.None); // a takeover: the log is ahead of the store
        Assert.Equal("<html><body>", (await _reader.ReadAsync(_id, 0, 100, CancellationToken.None))!.Text);

        await _writer.EndAsync(_id, new LogEnd(ReportStatus.Cancelled, "stopped"), CancellationToken.None);
        await _writer.OpenAsync(_id, "<html><body>", CancellationToken.None); // continue after a stop
        var reopened = (await _reader.ReadAsync(_id, 0, 100, CancellationToken.None))!;
        Assert.Equal(("<html><body>", (LogEnd?)null), (reopened.Text, reopened.End));
        Assert.Equal(12, (await _writer.AppendAsync(_id, "<p>", 6, CancellationToken.None)).Offset);

        await _writer.RemoveAsync(_id, CancellationToken.None);
        Assert.Null(await _reader.ReadAsync(_id, 0, 100, CancellationToken.None));
    }
}
