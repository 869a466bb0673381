using System.Globalization;
using System.Text.Json;
using Blazar.Extensions;
using Blazar.Reports;
using Blazar.Storage;
using StackExchange.Redis;

namespace Blazar.Redis;

/// <summary>
/// The shared report store: a hash per report, its text in a key of its own, a sorted set by creation time as
/// the manifest and a set of the active (queued or generating) reports, which takeover scans.
/// </summary>
internal sealed class RedisReportStore(IConnectionMultiplexer redis, RedisKeys keys) : IReportStore
{
    // Writes only to a report that still exists, so a late writer never brings a deleted report back.
    // ARGV: id, has text, text, then field/value pairs starting with status (so ARGV[5] is the status).
    private const string UpdateScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV, 4))
        if ARGV[2] == '1' then redis.call('SET', KEYS[2], ARGV[3]) end
        if ARGV[5] == 'queued' or ARGV[5] == 'generating' then redis.call('SADD', KEYS[3], ARGV[1]) else redis.call('SREM', KEYS[3], ARGV[1]) end
        return 1
        """;

    private const string SetStatusScript = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then return 0 end
        for i = 3, #ARGV do
          if status == ARGV[i] then
            redis.call('HSET', KEYS[1], 'status', ARGV[2], 'completedAt', '')
            if ARGV[2] == 'queued' or ARGV[2] == 'generating' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
            return 1
          end
        end
        return 0
        """;

    private const string DeleteScript = """
        local existed = redis.call('DEL', KEYS[1])
        redis.call('DEL', KEYS[2])
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('SREM', KEYS[4], ARGV[1])
        return existed
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task InitializeAsync(CancellationToken cancellationToken) => await Db.PingAsync();

    public async Task CreateAsync(Report report, CancellationToken cancellationToken)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(keys.Report(report.Id), Fields(report));
        _ = transaction.StringSetAsync(keys.Text(report.Id), "");
        _ = transaction.SortedSetAddAsync(keys.Manifest, report.Id, report.CreatedAt.ToUnixTimeMilliseconds());
        _ = report.Status.IsActive() ? transaction.SetAddAsync(keys.Active, report.Id) : transaction.SetRemoveAsync(keys.Active, report.Id);
        await transaction.ExecuteAsync();
    }

    public async Task<Report?> GetAsync(string id, CancellationToken cancellationToken) =>
        Read(id, await Db.HashGetAllAsync(keys.Report(id)));

    public async Task<IReadOnlyList<Report>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await Db.SortedSetRangeByRankAsync(keys.Manifest, order: Order.Descending);
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => (Id: (string)id!, Fields: batch.HashGetAllAsync(keys.Report(id!)))).ToList();
        batch.Execute();
        var reports = new List<Report>(reads.Count);
        foreach (var (id, fields) in reads)
            if (Read(id, await fields) is { } report) // deleted between the two reads otherwise
                reports.Add(report);
        return reports;
    }

    public async Task<string?> GetTextAsync(string id, CancellationToken cancellationToken) =>
        await Db.StringGetAsync(keys.Text(id)) is { IsNull: false } text ? (string?)text : null;

    public async Task UpdateAsync(Report report, string? text, CancellationToken cancellationToken)
    {
        var fields = Fields(report);
        var args = new List<RedisValue>(4 + fields.Length * 2) { report.Id, text is null ? "0" : "1", text ?? "" };
        foreach (var field in fields)
        {
            args.Add(field.Name);
            args.Add(field.Value);
        }
        await Db.ScriptEvaluateAsync(UpdateScript, [keys.Report(report.Id), keys.Text(report.Id), keys.Active], [.. args]);
    }

    public async Task<bool> TrySetStatusAsync(string id, IReadOnlyCollection<ReportStatus> expected, ReportStatus next, CancellationToken cancellationToken)
    {
        RedisValue[] args = [id, Name(next), .. expected.Select(s => (RedisValue)Name(s))];
        return (int)await Db.ScriptEvaluateAsync(SetStatusScript, [keys.Report(id), keys.Active], args) == 1;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        (int)await Db.ScriptEvaluateAsync(DeleteScript, [keys.Report(id), keys.Text(id), keys.Manifest, keys.Active], [id]) == 1;

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await Db.PingAsync();
        return true;
    }

    // The status is the first field: the update script finds it at a fixed place.
    private static HashEntry[] Fields(Report report) =>
    [
        new("status", Name(report.Status)),
        new("id", report.Id),
        new("spec", JsonSerializer.Serialize(report.Spec, BlazarJson.Options)),
        new("createdAt", report.CreatedAt.ToUnixTimeMilliseconds()),
        new("completedAt", report.CompletedAt?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? ""),
        new("length", report.Length),
        new("progress", report.Progress),
        new("error", report.Error ?? ""),
        new("usage", report.Usage is null ? "" : JsonSerializer.Serialize(report.Usage, BlazarJson.Options)),
        new("truncated", report.Truncated ? 1 : 0),
    ];

    private static Report? Read(string id, HashEntry[] entries)
    {
        if (entries.Length == 0)
            return null;
        var fields = entries.ToDictionary(e => (string)e.Name!, e => (string?)e.Value ?? "");
        string? Optional(string name) => fields.GetValueOrDefault(name) is { Length: > 0 } value ? value : null;
        return new Report(
            Id: id,
            Spec: JsonSerializer.Deserialize<Spec>(fields["spec"], BlazarJson.Options)!,
            Status: Enum.Parse<ReportStatus>(fields["status"], ignoreCase: true),
            CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(fields["createdAt"], CultureInfo.InvariantCulture)),
            CompletedAt: Optional("completedAt") is { } completed ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(completed, CultureInfo.InvariantCulture)) : null,
            Length: int.Parse(fields["length"], CultureInfo.InvariantCulture),
            Progress: int.Parse(fields["progress"], CultureInfo.InvariantCulture),
            Error: Optional("error"),
            Usage: Optional("usage") is { } usage ? JsonSerializer.Deserialize<Usage>(usage, BlazarJson.Options) : null,
            Truncated: fields.GetValueOrDefault("truncated") == "1");
    }

    private static string Name(ReportStatus status) => status.ToString().ToLowerInvariant();
}
