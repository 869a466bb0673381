using Blazar.Streaming;
using Blazar.Tests.Storage;
using Blazar.Tests.Streaming;

namespace Blazar.Tests.Redis;

/// <summary>
/// With the chunk log in Redis, an instance's viewers share one broadcast fed by one follower of the report's stream:
/// the same bytes to every caught-up viewer. The report is written on instance A and watched on instance B. (Falling
/// behind is tested against the in-process log only: with Redis, reading megabytes of 1,000-character deltas back is
/// slow enough, each read fetching a page of up to 8,192 entries, that on a loaded machine the test timed out.)
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
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var report = await DrivenReport.StartAsync(a.Services.GetService!, "<!doctype html><html><body>");

        await BroadcastScenarios.IdenticalBytesAsync(b.Http.BaseAddress!, b.AdminToken, b.Get<ReportBroadcasts>(), report);
    }
}
