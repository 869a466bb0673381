using System.Data.Common;
using Blazar.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Blazar.Storage;

/// <summary>
/// What differs between the databases under <see cref="ReportStore"/>: how a context is made, what the file or
/// server needs before and after migrating, and full-text search (SQLite FTS5, PostgreSQL tsvector).
/// The search index is one row per report (<c>report_search</c>), created by each provider's first migration.
/// </summary>
internal abstract class StoreProvider
{
    /// <summary>Most characters of a report's plain text that are indexed (a tsvector holds at most 1 MB).</summary>
    public const int MaxIndexedChars = 256 * 1024;

    public abstract BlazarDb CreateDb();

    /// <summary>Runs a write: at once where the database takes many writers, in turn where it takes one.</summary>
    public virtual Task RunWriteAsync(Func<Task> write, CancellationToken cancellationToken) => write();

    /// <summary>Runs before the migrations (a folder for the file, say).</summary>
    public virtual Task BeforeMigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after the migrations (SQLite's WAL mode, say).</summary>
    public virtual Task AfterMigrateAsync(BlazarDb db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Puts a report's words in the search index, replacing what was there.</summary>
    public abstract Task IndexAsync(BlazarDb db, string reportId, string title, string summary, string body, CancellationToken cancellationToken);

    public abstract Task UnindexAsync(BlazarDb db, string reportId, CancellationToken cancellationToken);

    /// <summary>The reports matching every word of <paramref name="words"/>, best first, with a plain-text snippet.</summary>
    public abstract Task<IReadOnlyList<SearchHit>> SearchAsync(BlazarDb db, IReadOnlyList<string> words, ReportScope scope, int limit, CancellationToken cancellationToken);

    /// <summary>Replaces a report's title in the search index.</summary>
    public abstract Task RetitleAsync(BlazarDb db, string reportId, string title, CancellationToken cancellationToken);

    /// <summary>The scope as SQL parameters: <c>all</c> (1 or 0), <c>owner</c> (an id or ''), <c>team</c> (1 or 0).</summary>
    protected static (int All, string Owner, int Team) ScopeValues(ReportScope scope) =>
        (scope.All ? 1 : 0, scope.UserId ?? "", scope.MineOnly ? 0 : 1);

    protected static async Task<int> ExecuteAsync(BlazarDb db, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = await CommandAsync(db, sql, parameters, cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected static async Task<IReadOnlyList<SearchHit>> ReadHitsAsync(BlazarDb db, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = await CommandAsync(db, sql, parameters, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hits = new List<SearchHit>();
        while (await reader.ReadAsync(cancellationToken))
            hits.Add(new SearchHit(reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1)));
        return hits;
    }

    private static async Task<DbCommand> CommandAsync(BlazarDb db, string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}

/// <summary>One report found by a search, with a plain-text excerpt around the words found.</summary>
internal sealed record SearchHit(string ReportId, string Snippet);
