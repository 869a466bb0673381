using System.Collections.Concurrent;
using Blazar.Generation;
using Blazar.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Blazar.Redis;

/// <summary>
/// Leases in Redis: <c>lease:{id}</c> holds the owning instance with a time to live (SET NX PX), renewed by
/// <see cref="GenerationTakeover"/> while the report is queued or written here. Stop requests travel on a channel
/// every instance hears, and also stay behind as a key for an instance that takes the report over later.
/// </summary>
internal sealed partial class RedisGenerationLeases : IGenerationLeases
{
    private static readonly TimeSpan CancelRequestLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(5);

    private const string AcquireScript = """
        local owner = redis.call('GET', KEYS[1])
        if owner == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 2 end
        if owner == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
        return 0
        """;

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    // Of the given active reports (queued or generating), those no instance holds: their owner died, or stopped and let go.
    private const string OrphansScript = """
        local orphans = {}
        for i = 2, #ARGV do
          if redis.call('EXISTS', ARGV[1] .. ARGV[i]) == 0 then table.insert(orphans, ARGV[i]) end
        end
        return orphans
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly RunningGenerations _running;
    private readonly RedisChunkLog _log;
    private readonly ILogger<RedisGenerationLeases> _logger;
    private readonly long _leaseMilliseconds;
    private readonly ConcurrentDictionary<string, byte> _held = new();

    public RedisGenerationLeases(IConnectionMultiplexer redis, RedisKeys keys, RunningGenerations running, RedisChunkLog log, IOptions<RedisOptions> options, ILogger<RedisGenerationLeases> logger)
    {
        _redis = redis;
        _keys = keys;
        _running = running;
        _log = log;
        _logger = logger;
        _leaseMilliseconds = (long)options.Value.Lease.TotalMilliseconds;
        Subscribed = SubscribeToCancelRequestsAsync();
    }

    /// <summary>Completes once this instance hears stop requests.</summary>
    public Task Subscribed { get; }

    /// <summary>The reports this instance holds.</summary>
    public ICollection<string> Held => _held.Keys;

    private IDatabase Db => _redis.GetDatabase();

    public async ValueTask<bool> TryAcquireAsync(string reportId, CancellationToken cancellationToken)
    {
        var outcome = (int)await Db.ScriptEvaluateAsync(AcquireScript, [_keys.Lease(reportId)], [_keys.Instance, _leaseMilliseconds]);
        if (outcome == 2)
            _log.ForgetTail(reportId); // a new claim: whatever this instance wrote into the log before is history
        if (outcome > 0)
            _held[reportId] = 0;
        return outcome > 0;
    }

    public async ValueTask ReleaseAsync(string reportId, CancellationToken cancellationToken)
    {
        _held.TryRemove(reportId, out _);
        try
        {
            await Db.ScriptEvaluateAsync(ReleaseScript, [_keys.Lease(reportId)], [_keys.Instance]);
        }
        catch (Exception ex) when (RedisFaults.IsTransient(ex))
        {
            LogReleaseFailed(ex, reportId); // the lease lapses on its own once it is no longer renewed
        }
    }

    public async ValueTask<bool> HasLostAsync(string reportId, CancellationToken cancellationToken) =>
        await Db.StringGetAsync(_keys.Lease(reportId)) != _keys.Instance;

    public async ValueTask<bool> RequestCancelAsync(string reportId, CancellationToken cancellationToken)
    {
        await Db.StringSetAsync(_keys.CancelRequest(reportId), _keys.Instance, CancelRequestLifetime);
        await _redis.GetSubscriber().PublishAsync(_keys.CancelChannel, reportId);
        return true;
    }

    public async ValueTask<bool> TakeCancelRequestAsync(string reportId, CancellationToken cancellationToken) =>
        !(await Db.StringGetDeleteAsync(_keys.CancelRequest(reportId))).IsNull;

    /// <summary>Extends every lease this instance holds; forgets those it has lost (another instance took them).</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        var renewals = _held.Keys.Select(async id => (Id: id, Renewed: (int)await Db.ScriptEvaluateAsync(RenewScript, [_keys.Lease(id)], [_keys.Instance, _leaseMilliseconds]) == 1));
        foreach (var (id, renewed) in await Task.WhenAll(renewals))
            if (!renewed && _held.TryRemove(id, out _))
                LogLost(id);
    }

    /// <summary>Of <paramref name="activeReportIds"/> (queued or being written), those no live instance holds.</summary>
    public async Task<string[]> FindOrphansAsync(IReadOnlyCollection<string> activeReportIds, CancellationToken cancellationToken) =>
        activeReportIds.Count == 0 ? [] :
        (string[])(await Db.ScriptEvaluateAsync(OrphansScript, [], [(string)_keys.Lease("")!, .. activeReportIds.Select(id => (RedisValue)id)]))!;

    private async Task SubscribeToCancelRequestsAsync()
    {
        var requests = await _redis.GetSubscriber().SubscribeAsync(_keys.CancelChannel);
        requests.OnMessage(async message =>
        {
            var reportId = (string)message.Message!;
            if (!_running.IsRunning(reportId))
                return; // not here; if it starts here later, the run takes the request left behind
            await _running.CancelAsync(reportId, CancelWait, CancellationToken.None);
            LogCancelled(reportId);
            try
            {
                await Db.KeyDeleteAsync(_keys.CancelRequest(reportId));
            }
            catch (Exception ex) when (RedisFaults.IsTransient(ex))
            {
                LogRequestNotCleared(ex, reportId); // it expires on its own
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease on report {ReportId}: another instance has taken it over")]
    private partial void LogLost(string reportId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the lease on report {ReportId}; it lapses on its own")]
    private partial void LogReleaseFailed(Exception exception, string reportId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not clear the stop request of report {ReportId}")]
    private partial void LogRequestNotCleared(Exception exception, string reportId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped report {ReportId} at another instance's request")]
    private partial void LogCancelled(string reportId);
}
