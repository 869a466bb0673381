namespace Blazar.Storage;

/// <summary>
/// Where durable data (<c>Blazar:Storage</c>: <c>sqlite</c> or <c>postgres</c>) and live streams
/// (<c>Blazar:Streams</c>: <c>memory</c> or <c>redis</c>) live. Several instances need both shared, so
/// <c>redis</c> streams need <c>postgres</c> storage; anything else fails the start naming the key.
/// </summary>
internal sealed record StorageChoice(string Storage, string Streams)
{
    public bool SharedStreams => Streams == "redis";

    public static StorageChoice From(IConfiguration configuration)
    {
        var storage = Normalized(configuration["Blazar:Storage"], "sqlite");
        var streams = Normalized(configuration["Blazar:Streams"], "memory");
        if (storage == "redis")
            throw new InvalidOperationException(
                "Blazar:Storage=redis is retired: reports are kept in a database. For several instances set Blazar:Storage=postgres " +
                "(with Blazar:Postgres:ConnectionString) and Blazar:Streams=redis (with Blazar:Redis:Configuration).");
        if (storage is not ("sqlite" or "postgres"))
            throw new InvalidOperationException($"Blazar:Storage must be 'sqlite' or 'postgres', not '{storage}'.");
        if (streams is not ("memory" or "redis"))
            throw new InvalidOperationException($"Blazar:Streams must be 'memory' or 'redis', not '{streams}'.");
        if (streams == "redis" && storage != "postgres")
            throw new InvalidOperationException(
                $"Blazar:Streams=redis runs several instances, which cannot share Blazar:Storage={storage}: set Blazar:Storage=postgres " +
                "(with Blazar:Postgres:ConnectionString), or Blazar:Streams=memory for one instance.");
        return new StorageChoice(storage, streams);
    }

    private static string Normalized(string? value, string fallback) =>
        string.IsNullOrWhiteSpace(value) ? fallback : value.Trim().ToLowerInvariant();
}
