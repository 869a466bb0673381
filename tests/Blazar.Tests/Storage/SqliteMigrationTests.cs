using Blazar.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Blazar.Tests.Storage;

/// <summary>A SQLite file written by the first schema keeps its reports and their search rows through the later migrations.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("blazar-migrate-").FullName;

    [Fact]
    public async Task Reports_and_their_search_rows_survive_the_migrations_after_the_first()
    {
        var path = Path.Combine(_folder, "blazar.db");
        await using (var db = new SqliteBlazarDb(SqliteStoreProvider.Options(path)))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261203172920_Reports");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO reports (id, title, summary, created_at, current_version) VALUES ('old-report', 'Tide tables', 'High and low water', 1700000000000, 1);
                INSERT INTO report_versions (report_id, number, spec, instruction, section, text, status, created_at, completed_at, length, progress, error, usage, truncated)
                    VALUES ('old-report', 1, '{{"title":"Tide tables"}}', NULL, NULL, '<p>Spring tides at the estuary.</p>', 'done', 1700000000000, 1700000001000, 35, 100, NULL, NULL, 0);
                INSERT INTO report_search (report_id, title, summary, body) VALUES ('old-report', 'Tide tables', 'High and low water', 'Spring tides at the estuary.');
                """);
        }
        SqliteConnectionPools.Clear();

        var store = new ReportStore(new SqliteStoreProvider(Microsoft.Extensions.Options.Options.Create(new SqliteOptions { Path = path })), new StoreHealth());
        await store.InitializeAsync(CancellationToken.None);

        var entry = Assert.Single(await store.ListAsync(10, null, CancellationToken.None));
        Assert.Equal(("old-report", "Tide tables", Blazar.Reports.ReportStatus.Done, 35), (entry.Id, entry.Title, entry.Status, entry.Length));
        Assert.Equal("<p>Spring tides at the estuary.</p>", await store.GetTextAsync("old-report", CancellationToken.None));
        Assert.Equal("old-report", Assert.Single(await store.SearchAsync("estuary", 10, CancellationToken.None)).Id);
        Assert.True(await store.DeleteAsync("old-report", CancellationToken.None));
        Assert.Empty(await store.SearchAsync("estuary", 10, CancellationToken.None));
    }

    public void Dispose()
    {
        SqliteConnectionPools.Clear();
        Directory.Delete(_folder, recursive: true);
    }

    private static class SqliteConnectionPools
    {
        public static void Clear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
