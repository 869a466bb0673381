using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Blazar.Redis;

/// <summary>
/// The shared chunk log: a Redis Stream per report. A chunk's entry id is <c>0-(seq+1)</c>, where seq is the
/// contract's sequence number (the text's length after the chunk; the +1 because Redis refuses <c>0-0</c>), so a
/// replay from any sequence number is one <c>XRANGE</c>. The first entry carries the seed text; the end is the
/// entry <c>1-0</c>, after every chunk. Appends are fenced by the report's lease: an instance that lost its claim
/// (it stalled, and another instance took the report over) gets an error instead of adding text.
/// </summary>
internal sealed class RedisChunkLog(
    IConnectionMultiplexer redis,
    RedisKeys keys,
    RedisLogFollowers followers,
    IOptions<RedisOptions> options) : IChunkLog
{
    private const string EndId = "1-0";
    private const int MinPage = 16, MaxPage = 8192;

    // An unfinished log is kept: it holds at least the text the store has (the store is saved from it),
    // so recovery and takeover continue from the log, not from an older save.
    private const string OpenScript = """
        local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        if #top > 0 and top[1][1] ~= '1-0' then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('XADD', KEYS[1], ARGV[1], 'd', ARGV[2], 'p', '0', 'v', ARGV[4])
        redis.call('PUBLISH', ARGV[3], 'r')
        return 1
        """;

    // ARGV[6] is where the writer believes the log ends (-1: ask the log), so a pipelined append lands only where it belongs.
    private const string AppendScript = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return redis.error_reply('BLAZAR fenced: this instance does not hold the report') end
        local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        if #top == 0 then return redis.error_reply('BLAZAR the report has no open log') end
        if top[1][1] == '1-0' then return redis.error_reply('BLAZAR the log has ended') end
        local seq = tonumber(string.sub(top[1][1], 3)) - 1
        if ARGV[6] ~= '-1' and tonumber(ARGV[6]) ~= seq then return redis.error_reply('BLAZAR the log moved under this writer') end
        local after = seq + tonumber(ARGV[2])
        redis.call('XADD', KEYS[1], '0-' .. (after + 1), 'd', ARGV[3], 'p', ARGV[4])
        redis.call('PUBLISH', ARGV[5], after)
        return seq
        """;

    private const string EndScript = """
        local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        if #top == 0 then return 0 end
        if top[1][1] ~= '1-0' then redis.call('XADD', KEYS[1], '1-0', 'e', ARGV[1], 'm', ARGV[2], 'r', ARGV[3]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('PUBLISH', ARGV[5], 'e')
        return 1
        """;

    // The log's version (a field of its first entry, the seed), then the range.
    private const string RangeScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        local version = '1'
        local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
        if #first > 0 then
            local fields = first[1][2]
            for i = 1, #fields, 2 do if fields[i] == 'v' then version = fields[i + 1] end end
        end
        return {version, redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])}
        """;

    private const string TopScript = """
        local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        if #top == 0 then return -1 end
        if top[1][1] == '1-0' then return -2 end
        return tonumber(string.sub(top[1][1], 3)) - 1
        """;

    // The sequence number the last chunk ends at, end marker or not; -1 without a log.
    private const string LengthScript = """
        local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 2)
        for _, entry in ipairs(top) do
            if entry[1] ~= '1-0' then return tonumber(string.sub(entry[1], 3)) - 1 end
        end
        return -1
        """;

    // Viewers of one report that read the same range at the same moment (the live tail) share one XRANGE.
    private readonly ConcurrentDictionary<(string Id, int After, int Max), Lazy<Task<LogSlice?>>> _reads = new();

    // The reports this instance is writing: where each log ends and the last append still on its way.
    private readonly ConcurrentDictionary<string, Tail> _tails = new();

    private IDatabase Db => redis.GetDatabase();

    // A Redis log outlives the instance that writes it: every chunk a viewer saw is in it, so a takeover continues from
    // the log itself and never needs to tell viewers to drop text; a resumed log has no reset point.
    public async ValueTask OpenAsync(string reportId, int version, string seedText, bool resumed, CancellationToken cancellationToken)
    {
        _tails.TryRemove(reportId, out _);
        await Db.ScriptEvaluateAsync(OpenScript, [keys.Log(reportId)], [EntryId(seedText.Length), seedText, Channel(reportId), version]);
    }

    /// <summary>
    /// The first append of a run asks Redis where the log ends; later ones are pipelined (not awaited one by one, so
    /// a writer is never held to one round trip per delta) and each lands only where the previous one ended.
    /// A failed append surfaces on the next append, or on <see cref="EndAsync"/>.
    /// </summary>
    public async ValueTask<Chunk> AppendAsync(string reportId, string delta, int progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(delta);
        if (_tails.TryGetValue(reportId, out var tail))
        {
            if (tail.Pending.IsFaulted)
            {
                _tails.TryRemove(new(reportId, tail));
                await tail.Pending;
            }
            var start = tail.Length;
            tail.Length += delta.Length;
            tail.Pending = AppendCoreAsync(reportId, delta, progress, start);
            return new Chunk(start, delta, progress);
        }
        var offset = await AppendCoreAsync(reportId, delta, progress, -1);
        _tails[reportId] = new Tail { Length = offset + delta.Length };
        return new Chunk(offset, delta, progress);
    }

    /// <summary>Forgets where this instance believed a log ends: a new claim on the report starts a new run.</summary>
    public void ForgetTail(string reportId) => _tails.TryRemove(reportId, out _);

    private async Task<int> AppendCoreAsync(string reportId, string delta, int progress, int expected) =>
        checked((int)(long)await Db.ScriptEvaluateAsync(AppendScript, [keys.Log(reportId), keys.Lease(reportId)],
            [keys.Instance, delta.Length, delta, progress, Channel(reportId), expected]));

    public ValueTask<LogSlice?> ReadAsync(string reportId, int after, int maxChars, CancellationToken cancellationToken)
    {
        var key = (reportId, Math.Max(after, 0), maxChars);
        var read = _reads.GetOrAdd(key, static (k, log) => new Lazy<Task<LogSlice?>>(() => log.ReadCoreAsync(k.Id, k.After, k.Max)), this);
        var task = read.Value;
        if (task.IsCompleted)
            _reads.TryRemove(new(key, read));
        else
            _ = task.ContinueWith(_ => _reads.TryRemove(new(key, read)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new ValueTask<LogSlice?>(task.WaitAsync(cancellationToken));
    }

    public Task WaitAsync(string reportId, int after, CancellationToken cancellationToken) =>
        followers.WaitAsync(reportId, after, async () => (long)await Db.ScriptEvaluateAsync(TopScript, [keys.Log(reportId)]), cancellationToken);

    public async ValueTask EndAsync(string reportId, LogEnd end, CancellationToken cancellationToken)
    {
        if (_tails.TryRemove(reportId, out var tail))
        {
            try
            {
                await tail.Pending; // every chunk that made it is in the log before its end
            }
            catch (RedisServerException ex) when (!ex.Message.Contains("fenced", StringComparison.Ordinal) && !ex.Message.Contains("moved", StringComparison.Ordinal))
            {
                // The store holds the final text; readers must still learn that the report has ended.
                // (A fenced or overtaken writer does not end a log that another instance now writes.)
            }
        }
        await Db.ScriptEvaluateAsync(EndScript, [keys.Log(reportId)],
        [
            end.Status.ToString().ToLowerInvariant(), end.Message ?? "", end.Retryable ? "1" : "0",
            (long)options.Value.FinishedStreamTtl.TotalMilliseconds, Channel(reportId),
        ]);
    }

    public async ValueTask RemoveAsync(string reportId, CancellationToken cancellationToken)
    {
        _tails.TryRemove(reportId, out _);
        await Db.KeyDeleteAsync(keys.Log(reportId));
        await Db.PublishAsync(keys.LogChannel(reportId), "r");
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await Db.PingAsync();
        return true;
    }

    private async Task<LogSlice?> ReadCoreAsync(string reportId, int after, int maxChars)
    {
        try
        {
            return await ReadRangeAsync(reportId, after, maxChars);
        }
        catch (Exception ex) when (RedisFaults.IsTransient(ex))
        {
            throw new ChunkLogUnavailableException(ex); // readers wait for Redis to answer again
        }
    }

    private async Task<LogSlice?> ReadRangeAsync(string reportId, int after, int maxChars)
    {
        var text = new StringBuilder();
        int? offset = null;
        var progress = 0;
        var version = 1;
        LogEnd? end = null;
        var cursor = "(" + EntryId(after);
        // Deltas are token-sized (a few characters), so a page of maxChars/2 entries usually fills the slice at once.
        var pageSize = Math.Clamp(maxChars / 2, MinPage, MaxPage);
        while (true)
        {
            var page = await Db.ScriptEvaluateAsync(RangeScript, [keys.Log(reportId)], [cursor, pageSize]);
            if (page.IsNull)
                return offset is null ? null : new LogSlice(offset.Value, text.ToString(), progress, null) { Version = version };
            var answer = (RedisResult[])page!;
            version = int.Parse((string)answer[0]!, CultureInfo.InvariantCulture);
            var entries = (RedisResult[])answer[1]!;
            foreach (var entry in entries)
            {
                var parts = (RedisResult[])entry!;
                var id = (string)parts[0]!;
                var fields = ((RedisResult[])parts[1]!).Select(f => (string)f!).Chunk(2).ToDictionary(p => p[0], p => p[1]);
                if (id == EndId)
                {
                    end = new LogEnd(Enum.Parse<ReportStatus>(fields["e"], ignoreCase: true), fields["m"] is { Length: > 0 } m ? m : null, fields["r"] == "1");
                    break;
                }
                var delta = fields["d"];
                var seq = long.Parse(id.AsSpan(2), CultureInfo.InvariantCulture) - 1;
                var start = (int)seq - delta.Length;
                var skip = Math.Max(0, after - start);
                offset ??= start + skip;
                text.Append(delta, Math.Min(skip, delta.Length), delta.Length - Math.Min(skip, delta.Length));
                progress = int.Parse(fields["p"], CultureInfo.InvariantCulture);
                cursor = "(" + id;
                if (text.Length >= maxChars)
                {
                    var count = maxChars > 1 && char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars; // never half a pair
                    return new LogSlice(offset.Value, text.ToString(0, count), progress, null) { Version = version };
                }
            }
            if (end is not null || entries.Length < pageSize)
                return new LogSlice(offset ?? await EmptyReadOffsetAsync(reportId, after), text.ToString(), progress, end) { Version = version };
        }
    }

    /// <summary>Where an empty read starts: at <paramref name="after"/>, or at the log's length when the reader is beyond it.</summary>
    private async Task<int> EmptyReadOffsetAsync(string reportId, int after)
    {
        if (after == 0)
            return 0;
        var length = (long)await Db.ScriptEvaluateAsync(LengthScript, [keys.Log(reportId)]);
        return length >= 0 && length < after ? (int)length : after;
    }

    private sealed class Tail
    {
        public int Length { get; set; }
        public Task Pending { get; set; } = Task.CompletedTask;
    }

    private static string EntryId(int seq) => "0-" + (seq + 1L).ToString(CultureInfo.InvariantCulture);

    private RedisValue Channel(string reportId) => keys.LogChannelName(reportId);
}
