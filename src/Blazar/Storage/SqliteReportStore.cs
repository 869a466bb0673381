using System.Text.Json;
using Blazar.Extensions;
using Blazar.Reports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Blazar.Storage;

/// <summary>The embedded report store: one SQLite file in WAL mode.</summary>
internal sealed class SqliteReportStore(IOptions<SqliteOptions> options) : IReportStore
{
    private const string Columns = "id, spec, status, created_at, completed_at, length, progress, error, usage, truncated";
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = options.Value.Path,
        Pooling = true,
    }.ToString();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Value.Path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS reports (
                id TEXT PRIMARY KEY,
                spec TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                completed_at INTEGER,
                length INTEGER NOT NULL DEFAULT 0,
                progress INTEGER NOT NULL DEFAULT 0,
                error TEXT,
                usage TEXT,
                truncated INTEGER NOT NULL DEFAULT 0,
                text TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX IF NOT EXISTS reports_created ON reports (created_at DESC);
            """, cancellationToken);
    }

    public async Task CreateAsync(Report report, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO reports ({Columns}) VALUES ($id, $spec, $status, $created, $completed, $length, $progress, $error, $usage, $truncated)";
        Bind(command, report);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Report?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM reports WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Report>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM reports ORDER BY created_at DESC, rowid DESC";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var reports = new List<Report>();
        while (await reader.ReadAsync(cancellationToken))
            reports.Add(Read(reader));
        return reports;
    }

    public async Task<string?> GetTextAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT text FROM reports WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task UpdateAsync(Report report, string? text, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE reports SET spec = $spec, status = $status, created_at = $created, completed_at = $completed,
                length = $length, progress = $progress, error = $error, usage = $usage, truncated = $truncated,
                text = coalesce($text, text)
            WHERE id = $id
            """;
        Bind(command, report);
        command.Parameters.AddWithValue("$text", (object?)text ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> TrySetStatusAsync(string id, IReadOnlyCollection<ReportStatus> expected, ReportStatus next, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = expected.Select((s, i) => (Name: $"$s{i}", Value: Name(s))).ToList();
        command.CommandText = $"UPDATE reports SET status = $next, completed_at = NULL WHERE id = $id AND status IN ({string.Join(", ", names.Select(n => n.Name))})";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$next", Name(next));
        foreach (var (name, value) in names)
            command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reports WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM reports WHERE 0";
        await command.ExecuteScalarAsync(cancellationToken);
        return true;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Bind(SqliteCommand command, Report report)
    {
        command.Parameters.AddWithValue("$id", report.Id);
        command.Parameters.AddWithValue("$spec", JsonSerializer.Serialize(report.Spec, BlazarJson.Options));
        command.Parameters.AddWithValue("$status", Name(report.Status));
        command.Parameters.AddWithValue("$created", report.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$completed", (object?)report.CompletedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$length", report.Length);
        command.Parameters.AddWithValue("$progress", report.Progress);
        command.Parameters.AddWithValue("$error", (object?)report.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$usage", report.Usage is null ? DBNull.Value : JsonSerializer.Serialize(report.Usage, BlazarJson.Options));
        command.Parameters.AddWithValue("$truncated", report.Truncated ? 1 : 0);
    }

    private static Report Read(SqliteDataReader reader) => new(
        Id: reader.GetString(0),
        Spec: JsonSerializer.Deserialize<Spec>(reader.GetString(1), BlazarJson.Options)!,
        Status: Enum.Parse<ReportStatus>(reader.GetString(2), ignoreCase: true),
        CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        CompletedAt: reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        Length: reader.GetInt32(5),
        Progress: reader.GetInt32(6),
        Error: reader.IsDBNull(7) ? null : reader.GetString(7),
        Usage: reader.IsDBNull(8) ? null : JsonSerializer.Deserialize<Usage>(reader.GetString(8), BlazarJson.Options),
        Truncated: reader.GetInt32(9) != 0);

    private static string Name(ReportStatus status) => status.ToString().ToLowerInvariant();
}
