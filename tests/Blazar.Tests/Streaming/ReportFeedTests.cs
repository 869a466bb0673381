using Blazar.Storage;
using Blazar.Streaming;
using Blazar.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Blazar.Tests.Streaming;

public sealed class ReportFeedTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_quiet_live_tail_yields_a_ping_once_a_whole_heartbeat_interval_has_passed_then_the_text()
    {
        IChunkLog log = new MemoryChunkLog(_time);
        await log.OpenAsync("r", "<!doctype html>", default);
        var store = new ReportStore(new SqliteStoreProvider(Options.Create(new SqliteOptions { Path = Path.Combine(TempFolder.Create(), "b.db") })), new StoreHealth());
        var feed = new ReportFeed(log, store, new StoredTexts(store), _time);
        await using var events = feed.FollowAsync("r", 0, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        Assert.IsType<FeedEvent.Text>(events.Current);

        var next = events.MoveNextAsync().AsTask();
        _time.Advance(SseEvents.HeartbeatInterval - TimeSpan.FromSeconds(1));
        Assert.NotSame(next, await Task.WhenAny(next, Task.Delay(200)));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.IsType<FeedEvent.Ping>(events.Current);
        await log.AppendAsync("r", "<p>", 5, default);
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("<p>", Assert.IsType<FeedEvent.Text>(events.Current).Delta);
    }
}
