using Blazar.Reports;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Blazar.Storage;

/// <summary>One SQLite file in WAL mode; search through an FTS5 table.</summary>
internal sealed class SqliteStoreProvider(IOptions<SqliteOptions> options) : StoreProvider
{
    private readonly PooledDbContextFactory<SqliteBlazarDb> _contexts = new(Options(options.Value.Path));

    public static DbContextOptions<SqliteBlazarDb> Options(string path) =>
        new DbContextOptionsBuilder<SqliteBlazarDb>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString())
            .Options;

    public override BlazarDb CreateDb() => _contexts.CreateDbContext();

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

    public override async Task IndexAsync(BlazarDb db, string reportId, string title, string summary, string body, CancellationToken cancellationToken)
    {
        await UnindexAsync(db, reportId, cancellationToken);
        await ExecuteAsync(db, "INSERT INTO report_search (report_id, title, summary, body) VALUES ($id, $title, $summary, $body)", cancellationToken,
            ("$id", reportId), ("$title", title), ("$summary", summary), ("$body", body));
    }

    public override Task UnindexAsync(BlazarDb db, string reportId, CancellationToken cancellationToken) =>
        ExecuteAsync(db, "DELETE FROM report_search WHERE report_id = $id", cancellationToken, ("$id", reportId));

    // Each word quoted, so nothing a person types is FTS5 syntax; bm25 weighs the title over the summary over the text.
    public override Task<IReadOnlyList<SearchHit>> SearchAsync(BlazarDb db, IReadOnlyList<string> words, ReportScope scope, int limit, CancellationToken cancellationToken)
    {
        var (all, owner, team) = ScopeValues(scope);
        return ReadHitsAsync(db, """
            SELECT report_id, snippet(report_search, -1, '', '', '…', 24)
            FROM report_search WHERE report_search MATCH $query
              AND report_id IN (SELECT id FROM reports WHERE $all = 1 OR owner_id = $owner OR ($team = 1 AND visibility = 'team'))
            ORDER BY bm25(report_search, 0.0, 10.0, 5.0, 1.0) LIMIT $limit
            """, cancellationToken,
            ("$query", string.Join(' ', words.Select(w => '"' + w.Replace("\"", "\"\"", StringComparison.Ordinal) + '"'))), ("$limit", limit),
            ("$all", all), ("$owner", owner), ("$team", team));
    }

    public override Task RetitleAsync(BlazarDb db, string reportId, string title, CancellationToken cancellationToken) =>
        ExecuteAsync(db, "UPDATE report_search SET title = $title WHERE report_id = $id", cancellationToken, ("$id", reportId), ("$title", title));
}
