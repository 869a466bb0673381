namespace Blazar.Storage;

/// <summary>The PostgreSQL database (<c>Blazar:Postgres</c>, used when <c>Blazar:Storage</c> is <c>postgres</c>).</summary>
public sealed class PostgresOptions
{
    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=blazar;Username=blazar;Password=…</c>.</summary>
    public string? ConnectionString { get; set; }
}
