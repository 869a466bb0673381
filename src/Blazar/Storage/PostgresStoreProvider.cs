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
        new DbContextOptionsBuilder<PostgresBlazarDb>().UseNpgsql(connectionString).WithIdentitySchema().Options;

    public override BlazarDb CreateDb() => _contexts.CreateDbContext();

    public override Task IndexAsync(BlazarDb db, string reportId, string title, string summary, string body, CancellationToken cancellationToken) =>
        ExecuteAsync(db, """
            INSERT INTO report_search (report_id, title, summary, body) VALUES (@id, @title, @summary, @body)
            ON CONFLICT (report_id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body;
            UPDATE report_search SET keywords = ts_delete(document,
                ARRAY(SELECT lexeme FROM unnest(document) ORDER BY cardinality(positions) DESC, lexeme OFFSET @keywords))
            WHERE report_id = @id;
            """, cancellationToken, ("keywords", Keywords), ("id", reportId), ("title", title), ("summary", summary), ("body", body));

    public override Task UnindexAsync(BlazarDb db, string reportId, CancellationToken cancellationToken) =>
        ExecuteAsync(db, "DELETE FROM report_search WHERE report_id = @id", cancellationToken, ("id", reportId));

    public override Task RetitleAsync(BlazarDb db, string reportId, string title, CancellationToken cancellationToken) =>
        ExecuteAsync(db, "UPDATE report_search SET title = @title WHERE report_id = @id", cancellationToken, ("id", reportId), ("title", title));

    /// <summary>How many of a report's most frequent words its <c>keywords</c> vector keeps (with every position).</summary>
    public const int Keywords = 64;

    /// <summary>How many matches, best by title and summary, then by keywords, are ranked by their whole text.</summary>
    public const int RankedCandidates = 200;

    // Two steps, so a word found in every report costs little more than a rare one. Every match is ranked by two
    // small vectors: its title and summary, then its keywords (ts_rank over them is ts_rank over the document for a
    // word among its most frequent, 0 for a word it mentions seldom), newest first among equals. The best
    // RankedCandidates are ranked by the whole document (ts_rank reads, and detoasts, all of it). Ranks count each
    // word on its own (an OR query): ts_rank of an AND query pairs every position of one word with every position
    // of the other, which cost seconds for two frequent words over 10,000 reports. The best get a snippet, cut from a window of the text around the first word found as written, lower case, capitalised, in
    // capitals or as its stem (ts_headline parses whatever it is given; lowering a whole text costs as much).
    public override Task<IReadOnlyList<SearchHit>> SearchAsync(BlazarDb db, IReadOnlyList<string> words, ReportScope scope, int limit, CancellationToken cancellationToken)
    {
        var (all, owner, team) = ScopeValues(scope);
        return ReadHitsAsync(db, """
            WITH q AS MATERIALIZED (SELECT q, replace(q::text, ' & ', ' | ')::tsquery AS any FROM plainto_tsquery('english', @query) AS q),
            candidates AS (
                SELECT s.report_id, ts_rank(s.heading, q.any) AS heading_rank, ts_rank(s.keywords, q.any) AS keyword_rank, s.seq
                FROM report_search s, q WHERE s.document @@ q.q
                  AND s.report_id IN (SELECT id FROM reports WHERE @all = 1 OR owner_id = @owner OR (@team = 1 AND visibility = 'team'))
                ORDER BY heading_rank DESC, keyword_rank DESC, s.seq DESC
                LIMIT @candidates),
            best AS (
                SELECT c.report_id, c.heading_rank, c.seq, ts_rank(s.document, q.any) AS rank
                FROM candidates c JOIN report_search s ON s.report_id = c.report_id, q
                ORDER BY c.heading_rank DESC, rank DESC, c.seq DESC
                LIMIT @limit)
            SELECT b.report_id,
                   ts_headline('english', substr(t.text, greatest(1, coalesce(w.at, 1) - 300), 700), q.q,
                               'StartSel="", StopSel="", MaxWords=30, MinWords=12, MaxFragments=1')
            FROM best b CROSS JOIN q
            JOIN report_search s ON s.report_id = b.report_id
            CROSS JOIN LATERAL (SELECT concat_ws(' ', nullif(s.summary, ''), nullif(s.body, ''), s.title) AS text OFFSET 0) t
            CROSS JOIN LATERAL (
                SELECT min(nullif(strpos(t.text, k), 0)) AS at
                FROM unnest(@words) AS word,
                     LATERAL (SELECT lower(word) AS w, coalesce((ts_lexize('english_stem', lower(word)))[1], lower(word)) AS stem) v,
                     LATERAL (VALUES (v.w), (initcap(v.w)), (upper(v.w)), (v.stem), (initcap(v.stem))) AS key(k)
            ) w
            ORDER BY b.heading_rank DESC, b.rank DESC, b.seq DESC
            """, cancellationToken, ("query", string.Join(' ', words)), ("words", words.ToArray()), ("limit", limit), ("candidates", Math.Max(limit, RankedCandidates)),
            ("all", all), ("owner", owner), ("team", team));
    }
}
