namespace Blazar.Tests.Storage;

/// <summary>One PostgreSQL cluster shared by every test of a collection; each test uses a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The tests that need the fleet's dependencies: one redis-server and one PostgreSQL cluster for the whole run.
/// </summary>
[CollectionDefinition("fleet")]
public sealed class SharedFleet : ICollectionFixture<Redis.RedisFixture>, ICollectionFixture<PostgresFixture>;
