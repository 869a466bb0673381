using Blazar.Reports;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Blazar.Storage;

/// <summary>One SQLite file in WAL mode; search through an FTS5 table.</summary>
internal sealed class SqliteStoreProvider(IOptions<SqliteOptions> options) : StoreProvider, IDisposable
{
    private readonly PooledDbContextFactory<SqliteBlazarDb> _contexts = new(Options(options.Value.Path));
    private readonly WriterThread _writer = new("SQLite writer");

    public static DbContextOptions<SqliteBlazarDb> Options(string path) =>
        new DbContextOptionsBuilder<SqliteBlazarDb>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString())
            .WithIdentitySchema()
            .Options;

    public override BlazarDb CreateDb() => _contexts.CreateDbContext();

    // SQLite takes one writer at a time, and Microsoft.Data.Sqlite waits for the lock, and for the disk, by blocking
    // its thread: the writes go one after another on a thread of their own, so the lock is always free when a write
    // starts and no thread-pool thread ever waits for SQLite to commit.
    public override Task RunWriteAsync(Func<Task> write, CancellationToken cancellationToken) => _writer.RunAsync(write, cancellationToken);

    public void Dispose() => _writer.Dispose();

    public override Task BeforeMigrateAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Value.Path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    // WAL lets the hub read while a report is saved; the mode stays with the file once set.
    public override Task AfterMigrateAsync(BlazarDb db, CancellationToken cancellationToken) =>
        ExecuteAsync(db, "PRAGMA journal_mode = WAL;", cancellationToken);

    // Rows are found by their rowid (report_search_keys): FTS5 would read the whole table to find a report_id.
    public override Task IndexAsync(BlazarDb db, string reportId, string title, string summary, string body, CancellationToken cancellationToken) =>
        ExecuteAsync(db, """
            INSERT INTO report_search_keys (report_id) VALUES ($id) ON CONFLICT (report_id) DO NOTHING;
            DELETE FROM report_search WHERE rowid = (SELECT id FROM report_search_keys WHERE report_id = $id);
            INSERT INTO report_search (rowid, report_id, title, summary, body)
                SELECT id, $id, $title, $summary, $body FROM report_search_keys WHERE report_id = $id;
            """, cancellationToken, ("$id", reportId), ("$title", title), ("$summary", summary), ("$body", body));

    public override Task UnindexAsync(BlazarDb db, string reportId, CancellationToken cancellationToken) =>
        ExecuteAsync(db, """
            DELETE FROM report_search WHERE rowid = (SELECT id FROM report_search_keys WHERE report_id = $id);
            DELETE FROM report_search_keys WHERE report_id = $id;
            """, cancellationToken, ("$id", reportId));

    // Each word quoted, so nothing a person types is FTS5 syntax; bm25 weighs the title over the summary over the text.
    // Ordered by rank, FTS5 ranks every match and sorts them itself, and only the rows returned get a snippet: a
    // snippet reads and tokenizes a whole text, so taking one for every match, then keeping 50, cost most of a search.
    public override Task<IReadOnlyList<SearchHit>> SearchAsync(BlazarDb db, IReadOnlyList<string> words, ReportScope scope, int limit, CancellationToken cancellationToken)
    {
        var (all, owner, team) = ScopeValues(scope);
        return ReadHitsAsync(db, """
            SELECT report_id, snippet(report_search, -1, '', '', '…', 24)
            FROM report_search WHERE report_search MATCH $query AND rank MATCH 'bm25(0.0, 10.0, 5.0, 1.0)'
              AND report_id IN (SELECT id FROM reports WHERE $all = 1 OR owner_id = $owner OR ($team = 1 AND visibility = 'team'))
            ORDER BY rank LIMIT $limit
            """, cancellationToken,
            ("$query", string.Join(' ', words.Select(w => '"' + w.Replace("\"", "\"\"", StringComparison.Ordinal) + '"'))), ("$limit", limit),
            ("$all", all), ("$owner", owner), ("$team", team));
    }

    public override Task RetitleAsync(BlazarDb db, string reportId, string title, CancellationToken cancellationToken) =>
        ExecuteAsync(db, "UPDATE report_search SET title = $title WHERE report_id = $id", cancellationToken, ("$id", reportId), ("$title", title));
}
