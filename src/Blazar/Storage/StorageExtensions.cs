namespace Blazar.Storage;

internal static class StorageExtensions
{
    /// <summary>The store chosen by <c>Blazar:Storage</c>: <c>sqlite</c> (the default) or <c>redis</c>.</summary>
    public static string Chosen(IConfiguration configuration)
    {
        var storage = configuration["Blazar:Storage"]?.Trim().ToLowerInvariant();
        return storage switch
        {
            null or "" or "sqlite" => "sqlite",
            "redis" => "redis",
            _ => throw new InvalidOperationException($"Blazar:Storage must be 'sqlite' or 'redis', not '{storage}'."),
        };
    }

    /// <summary>Registers the SQLite report store, unless another store (Redis) was registered first.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(IReportStore)))
            return builder;
        builder.Services.AddOptions<SqliteOptions>().Bind(builder.Configuration.GetSection("Blazar:Sqlite")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IReportStore, SqliteReportStore>();
        return builder;
    }
}
