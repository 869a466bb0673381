using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Blazar.Storage;

/// <summary>
/// Blazar's durable data, one model for SQLite and PostgreSQL. Each provider has a context type of its own only so
/// that each has its own migrations (<see cref="SqliteBlazarDb"/>, <see cref="PostgresBlazarDb"/>).
/// Accounts are part of it: Identity's people (string keys, like report ids), passkeys, external sign-ins, API tokens, invitations and usage;
/// reports carry an owner and a visibility on <see cref="ReportRow"/>. The keys that protect session cookies live
/// here too, so every instance of a fleet reads the cookies the others wrote.
/// </summary>
internal abstract class BlazarDb(DbContextOptions options) : IdentityDbContext<BlazarUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ReportRow> Reports => Set<ReportRow>();
    public DbSet<ReportVersionRow> Versions => Set<ReportVersionRow>();
    public DbSet<ApiTokenRow> ApiTokens => Set<ApiTokenRow>();
    public DbSet<InvitationRow> Invitations => Set<InvitationRow>();
    public DbSet<UsageRow> Usage => Set<UsageRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<string>().HaveConversion<NulEscape.Converter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<BlazarUser>().Property(u => u.DisplayName).HasMaxLength(100);
        modelBuilder.Entity<BlazarUser>().Property(u => u.Role).HasMaxLength(16);
        modelBuilder.ApplyConfiguration(new ReportRowConfiguration());
        modelBuilder.ApplyConfiguration(new ReportVersionRowConfiguration());
        modelBuilder.ApplyConfiguration(new ApiTokenRowConfiguration());
        modelBuilder.ApplyConfiguration(new InvitationRowConfiguration());
        modelBuilder.ApplyConfiguration(new UsageRowConfiguration());
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
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
