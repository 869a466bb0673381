namespace Blazar.Tests.Redis;

/// <summary>One redis-server shared by every test in the "redis" collection; each test uses its own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition("redis")]
public sealed class SharedRedis : ICollectionFixture<RedisFixture>;
