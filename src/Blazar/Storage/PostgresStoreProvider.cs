using Blazar.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Blazar.Storage;

/// <summary>PostgreSQL, for several instances; search through a weighted tsvector column with a GIN index.</summary>
internal sealed class PostgresStoreProvider(IOptions<PostgresOptions> options) : StoreProvider
{
    private readonly PooledDbContextFactory<PostgresBlazarDb> _contexts = new(Options(options.Value.ConnectionString!));

    public static DbContextOptions<PostgresBlazarDb> Options(string connectionString) =>
        new DbContextOptionsBuilder<PostgresBlazarDb>().UseNpgsql(connectionString).Options;

    public override BlazarDb CreateDb() => _contexts.CreateDbContext();

    public override Task IndexAsync(BlazarDb db, string reportId, string title, string summary, string body, CancellationToken cancellationToken) =>
        ExecuteAsync(db, """
            INSERT INTO report_search (report_id, title, summary, body) VALUES (@id, @title, @summary, @body)
            ON CONFLICT (report_id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body
            """, cancellationToken, ("id", reportId), ("title", title), ("summary", summary), ("body", body));

    public override Task UnindexAsync(BlazarDb db, string reportId, CancellationToken cancellationToken) =>
        ExecuteAsync(db, "DELETE FROM report_search WHERE report_id = @id", cancellationToken, ("id", reportId));

    public override Task RetitleAsync(BlazarDb db, string reportId, string title, CancellationToken cancellationToken) =>
        ExecuteAsync(db, "UPDATE report_search SET title = @title WHERE report_id = @id", cancellationToken, ("id", reportId), ("title", title));

    public override Task<IReadOnlyList<SearchHit>> SearchAsync(BlazarDb db, IReadOnlyList<string> words, ReportScope scope, int limit, CancellationToken cancellationToken)
    {
        var (all, owner, team) = ScopeValues(scope);
        return ReadHitsAsync(db, """
            SELECT s.report_id,
                   ts_headline('english', concat_ws(' ', nullif(s.summary, ''), nullif(s.body, ''), s.title), q,
                               'StartSel="", StopSel="", MaxWords=30, MinWords=12, MaxFragments=1')
            FROM report_search s, plainto_tsquery('english', @query) q
            WHERE s.document @@ q
              AND s.report_id IN (SELECT id FROM reports WHERE @all = 1 OR owner_id = @owner OR (@team = 1 AND visibility = 'team'))
            ORDER BY ts_rank(s.document, q) DESC, s.report_id
            LIMIT @limit
            """, cancellationToken, ("query", string.Join(' ', words)), ("limit", limit), ("all", all), ("owner", owner), ("team", team));
    }
}
