using Microsoft.EntityFrameworkCore;

namespace Blazar.Storage;

/// <summary>
/// Blazar's durable data, one model for SQLite and PostgreSQL. Each provider has a context type of its own only so
/// that each has its own migrations (<see cref="SqliteBlazarDb"/>, <see cref="PostgresBlazarDb"/>).
/// Accounts join this model: the base becomes an <c>IdentityDbContext</c> (string keys, like report ids), its tables
/// arrive as one more migration per provider, and reports gain an owner and a visibility on <see cref="ReportRow"/>.
/// </summary>
internal abstract class BlazarDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<ReportRow> Reports => Set<ReportRow>();
    public DbSet<ReportVersionRow> Versions => Set<ReportVersionRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<string>().HaveConversion<NulEscape.Converter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new ReportRowConfiguration());
        modelBuilder.ApplyConfiguration(new ReportVersionRowConfiguration());
    }
}

/// <summary>The model on SQLite (migrations under <c>Storage/Migrations/Sqlite</c>).</summary>
internal sealed class SqliteBlazarDb(DbContextOptions<SqliteBlazarDb> options) : BlazarDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }
}

/// <summary>The model on PostgreSQL (migrations under <c>Storage/Migrations/Postgres</c>).</summary>
internal sealed class PostgresBlazarDb(DbContextOptions<PostgresBlazarDb> options) : BlazarDb(options);
