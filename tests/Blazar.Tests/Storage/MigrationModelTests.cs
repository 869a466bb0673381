using Blazar.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Blazar.Tests.Storage;

/// <summary>The migrations of each database are the model as it is, passkeys included (Identity's schema version 3).</summary>
public sealed class MigrationModelTests
{
    [Fact]
    public void Each_database_s_migrations_hold_the_whole_model_with_Identity_s_passkeys()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);

        foreach (var db in new BlazarDb[] { sqlite, postgres })
        {
            Assert.Equal("AspNetUserPasskeys", db.Model.FindEntityType(typeof(IdentityUserPasskey<string>))?.GetTableName());
            Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes no migration holds.");
        }
    }
}
