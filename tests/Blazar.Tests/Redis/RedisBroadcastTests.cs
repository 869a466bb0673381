using Blazar.Streaming;
using Blazar.Tests.Storage;
using Blazar.Tests.Streaming;

namespace Blazar.Tests.Redis;

/// <summary>
/// With the chunk log in Redis, an instance's viewers share one broadcast fed by one follower of the report's stream:
/// the same bytes to every caught-up viewer, and a viewer that falls behind catches up from the stream and rejoins.
/// The report is written on instance A and watched on instance B.
/// </summary>
[Collection("fleet")]
public sealed class RedisBroadcastTests(RedisFixture redis, PostgresFixture postgres) : IAsyncLifetime
{
    private readonly BlazarCluster _cluster = new(redis.Server, postgres.Server);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Caught_up_viewers_on_another_instance_get_identical_bytes_and_exactly_the_text()
    {
        var a = await _cluster.StartAsync(charsPerSecond: 4000);
        var b = await _cluster.StartAsync(charsPerSecond: 4000);
        var report = await DrivenReport.StartAsync(a.Services.GetService!, "<!doctype html><html><body>");

        await BroadcastScenarios.IdenticalBytesAsync(b.Http.BaseAddress!, b.Get<ReportBroadcasts>(), report);
    }

    [Fact]
    public async Task A_viewer_on_another_instance_that_falls_behind_catches_up_from_the_stream_and_rejoins()
    {
        // Megabytes go through Redis here: a lease long enough that a busy machine cannot make it lapse (and B take the report over).
        var a = await _cluster.StartAsync(charsPerSecond: 4000, "Redis:LeaseSeconds=60");
        var b = await _cluster.StartAsync(charsPerSecond: 4000, "Redis:LeaseSeconds=60");
        var report = await DrivenReport.StartAsync(a.Services.GetService!, "<!doctype html><html><body>");

        await BroadcastScenarios.FallBehindAndRejoinAsync(b.Http.BaseAddress!, b.Get<ReportBroadcasts>(), report);
    }
}
