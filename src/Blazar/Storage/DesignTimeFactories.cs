using Microsoft.EntityFrameworkCore.Design;

namespace Blazar.Storage;

/// <summary>
/// What <c>dotnet ef migrations add … --context SqliteBlazarDb</c> builds the model with (no database is opened).
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBlazarDb>
{
    public SqliteBlazarDb CreateDbContext(string[] args) => new(SqliteStoreProvider.Options("design.db"));
}

/// <summary>
/// What <c>dotnet ef migrations add … --context PostgresBlazarDb</c> builds the model with (no database is opened).
/// </summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBlazarDb>
{
    public PostgresBlazarDb CreateDbContext(string[] args) => new(PostgresStoreProvider.Options("Host=localhost;Database=blazar"));
}
