using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Reports;
using Blazar.Streaming;
using StackExchange.Redis;
using Blazar.Tests.Storage;

namespace Blazar.Tests.Redis;

/// <summary>Nothing finished is lost: not when streams expire, not when Redis restarts.</summary>
[Collection("fleet")]
public sealed class RedisDurabilityTests(RedisFixture redis, PostgresFixture postgres) : IAsyncLifetime
{
    private readonly BlazarCluster _cluster = new(redis.Server, postgres.Server);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_finished_report_is_still_served_after_its_stream_expires()
    {
        var a = await _cluster.StartAsync("Blazar:Redis:FinishedStreamTtlSeconds=1");
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        await LiveViewer.Follow(a.Http, id, null, _cluster.Token).Ended.WaitAsync(BlazarCluster.Patience);
        var db = a.Get<IConnectionMultiplexer>().GetDatabase();
        await Wait.UntilAsync(async () => !await db.KeyExistsAsync($"{_cluster.Prefix}log:{id}"), ok => ok, BlazarCluster.Patience);

        var fromStart = LiveViewer.Follow(a.Http, id, null, _cluster.Token);
        var fromMidway = LiveViewer.Follow(a.Http, id, 1000, _cluster.Token);
        await Task.WhenAll(fromStart.Ended, fromMidway.Ended).WaitAsync(BlazarCluster.Patience);

        var expected = await BlazarCluster.OfflineTextAsync();
        Assert.Equal(expected, fromStart.Text);
        Assert.Equal(expected[1000..], fromMidway.Text);
        Assert.Equal("done", fromMidway.EndEvent);
    }

    [Fact]
    public async Task Finished_reports_survive_a_redis_crash_with_append_only_persistence()
    {
        await using var own = await RedisServer.StartAsync();
        var a = await _cluster.StartAsync($"Blazar:Redis:Configuration={own.Configuration}");
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        await LiveViewer.Follow(a.Http, id, null, _cluster.Token).Ended.WaitAsync(BlazarCluster.Patience);

        await own.CrashAndRestartAsync();

        await Wait.UntilAsync(async () => (await a.GetReportAsync(id))?.Status == ReportStatus.Done, ok => ok, BlazarCluster.Patience);
        Assert.Equal(await BlazarCluster.OfflineTextAsync(), await a.Http.GetStringAsync($"/r/{id}/raw"));
        var b = await _cluster.StartAsync($"Blazar:Redis:Configuration={own.Configuration}");
        Assert.Contains(id, (await b.Http.GetStringAsync("/api/reports")).Split('"'));
    }
}
