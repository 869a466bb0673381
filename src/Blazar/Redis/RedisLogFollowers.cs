using Blazar.Storage;
using Blazar.Streaming;
using StackExchange.Redis;

namespace Blazar.Redis;

/// <summary>
/// The live tail of Redis chunk logs for this instance: one pub/sub subscription per report that has waiting
/// readers, however many they are, fanned out in-process through one shared signal. Each subscription also
/// tracks the newest sequence number announced, so a waiting reader learns there is more without asking Redis.
/// </summary>
internal sealed class RedisLogFollowers : IDisposable
{
    /// <summary>What <c>fetchTop</c> returns when the report has no log, or its log has ended.</summary>
    public const long NoLog = -1, Ended = -2;

    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(10);
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Follow> _follows = [];
    private readonly ITimer _sweep;

    public RedisLogFollowers(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
    {
        _redis = redis;
        _keys = keys;
        _time = time;
        _sweep = time.CreateTimer(_ => Sweep(), null, Linger, Linger);
    }

    /// <summary>How many reports this instance is subscribed to (for tests and diagnostics).</summary>
    public int Subscriptions
    {
        get
        {
            lock (_gate)
                return _follows.Count;
        }
    }

    /// <summary>Completes once the log has more than <paramref name="after"/>, ends, is replaced or is gone.</summary>
    public async Task WaitAsync(string reportId, int after, Func<Task<long>> fetchTop, CancellationToken cancellationToken)
    {
        var follow = Acquire(reportId);
        try
        {
            await follow.Subscribed.WaitAsync(cancellationToken);
            var (signal, news, epoch) = follow.Look(after);
            if (news is null)
            {
                // Nothing announced since the subscription started: ask once, then trust the announcements.
                follow.Observe(await fetchTop().WaitAsync(cancellationToken), epoch);
                (signal, news, var now) = follow.Look(after);
                if (now != epoch)
                    return; // replaced or removed while it looked: that is what a wait waits for
            }
            if (news == true)
                return;
            await signal.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (RedisFaults.IsTransient(ex))
        {
            throw new ChunkLogUnavailableException(ex);
        }
        finally
        {
            lock (_gate)
                follow.Waiters--;
            follow.IdleSince = _time.GetTimestamp();
        }
    }

    private Follow Acquire(string reportId)
    {
        lock (_gate)
        {
            if (!_follows.TryGetValue(reportId, out var follow) || follow.Subscribed.IsFaulted)
            {
                follow = new Follow(reportId, _keys.LogChannel(reportId));
                follow.Subscribed = _redis.GetSubscriber().SubscribeAsync(follow.Channel, follow.Handler);
                _follows[reportId] = follow;
            }
            follow.Waiters++;
            return follow;
        }
    }

    private void Sweep()
    {
        List<Follow> idle;
        lock (_gate)
        {
            idle = [.. _follows.Values.Where(f => f.Waiters == 0 && _time.GetElapsedTime(f.IdleSince) >= Linger)];
            foreach (var follow in idle)
                _follows.Remove(follow.ReportId);
        }
        foreach (var follow in idle)
            _ = _redis.GetSubscriber().UnsubscribeAsync(follow.Channel, follow.Handler, CommandFlags.FireAndForget);
    }

    public void Dispose() => _sweep.Dispose();

    private sealed class Follow
    {
        private const long Unknown = long.MinValue;
        private readonly Lock _gate = new();
        private TaskCompletionSource _signal = NewSignal();
        private long _top = Unknown;
        private bool _ended;
        private int _epoch;

        public Follow(string reportId, RedisChannel channel)
        {
            ReportId = reportId;
            Channel = channel;
            Handler = (_, message) => OnMessage(message);
        }

        public string ReportId { get; }
        public RedisChannel Channel { get; }
        public Action<RedisChannel, RedisValue> Handler { get; }
        public Task Subscribed { get; set; } = Task.CompletedTask;
        public int Waiters { get; set; }
        public long IdleSince { get; set; }

        /// <summary>The signal to wait on, whether more than <paramref name="after"/> is known to exist (null: unknown).</summary>
        public (Task Signal, bool? News, int Epoch) Look(int after)
        {
            lock (_gate)
                return (_signal.Task, _ended ? true : _top == Unknown ? null : _top > after, _epoch);
        }

        /// <summary>Takes in what a direct look at the log found, unless the log was replaced meanwhile.</summary>
        public void Observe(long top, int epoch)
        {
            lock (_gate)
            {
                if (epoch != _epoch)
                    return;
                if (top < 0)
                    _ended = true;
                else
                    _top = Math.Max(_top, top);
            }
        }

        // Messages: a sequence number (appended), "e" (ended), "r" (replaced or removed).
        private void OnMessage(RedisValue message)
        {
            TaskCompletionSource signal;
            lock (_gate)
            {
                if (message == "e")
                    _ended = true;
                else if (message == "r")
                {
                    _epoch++;
                    _top = Unknown;
                    _ended = false;
                }
                else if (message.TryParse(out long seq))
                    _top = Math.Max(_top, seq);
                signal = _signal;
                _signal = NewSignal();
            }
            signal.TrySetResult();
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
