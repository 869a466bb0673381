using Blazar.Generation;
using Blazar.Streaming;
using Blazar.Tests.Streaming;

namespace Blazar.Tests.Redis;

/// <summary>The Redis chunk log keeps the contract, written on one instance and read on another.</summary>
[Collection("redis")]
public sealed class RedisChunkLogContractTests(RedisFixture redis) : ChunkLogContract
{
    private readonly BlazarCluster _cluster = new(redis.Server);

    public override async Task InitializeAsync()
    {
        var a = await _cluster.StartAsync(charsPerSecond: 0);
        var b = await _cluster.StartAsync(charsPerSecond: 0);
        Assert.True(await a.Get<IGenerationLeases>().TryAcquireAsync(Id, CancellationToken.None)); // appends are fenced by the lease
        (Writer, Reader) = (a.Get<IChunkLog>(), b.Get<IChunkLog>());
    }

    public override async Task DisposeAsync() => await _cluster.DisposeAsync();
}
