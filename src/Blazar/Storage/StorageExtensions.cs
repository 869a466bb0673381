namespace Blazar.Storage;

internal static class StorageExtensions
{
    /// <summary>Registers the report store on the database <c>Blazar:Storage</c> names (SQLite by default).</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<StoreHealth>();
        services.AddSingleton<IReportStore, ReportStore>();
        services.AddSingleton<IUsageLedger, UsageLedger>();
        // Identity's stores ask for the context per request: one from the provider's pool.
        services.AddScoped<BlazarDb>(sp => sp.GetRequiredService<StoreProvider>().CreateDb());
        if (StorageChoice.From(builder.Configuration).Storage == "postgres")
        {
            services.AddOptions<PostgresOptions>().Bind(builder.Configuration.GetSection("Blazar:Postgres"))
                .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Blazar:Postgres:ConnectionString is required when Blazar:Storage is postgres.")
                .ValidateOnStart();
            services.AddSingleton<StoreProvider, PostgresStoreProvider>();
        }
        else
        {
            services.AddOptions<SqliteOptions>().Bind(builder.Configuration.GetSection("Blazar:Sqlite")).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<StoreProvider, SqliteStoreProvider>();
        }
        return builder;
    }
}
