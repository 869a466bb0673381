using Blazar.Generation;
using Blazar.Streaming;
using Blazar.Tests.Storage;
using Blazar.Tests.Streaming;

namespace Blazar.Tests.Redis;

/// <summary>The Redis chunk log keeps the contract, written on one instance and read on another.</summary>
[Collection("fleet")]
public sealed class RedisChunkLogContractTests(RedisFixture redis, PostgresFixture postgres) : ChunkLogContract
{
    private readonly BlazarCluster _cluster = new(redis.Server, postgres.Server);

    public override async Task InitializeAsync()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        Assert.True(await a.Get<IGenerationLeases>().TryAcquireAsync(Id, CancellationToken.None)); // appends are fenced by the lease
        (Writer, Reader) = (a.Get<IChunkLog>(), b.Get<IChunkLog>());
    }

    public override async Task DisposeAsync() => await _cluster.DisposeAsync();
}
