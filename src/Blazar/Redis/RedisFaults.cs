using StackExchange.Redis;

namespace Blazar.Redis;

/// <summary>What Redis throws while it is restarting, unreachable or frozen, which a background loop rides out.</summary>
internal static class RedisFaults
{
    /// <summary>
    /// True for connection failures and for commands that did not answer in time (<see cref="RedisTimeoutException"/>
    /// is a <see cref="TimeoutException"/>, not a <see cref="RedisException"/>), and for what a step above Redis
    /// threw because of them (an <see cref="InvalidOperationException"/> from the queue, say, is not one).
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        RedisException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };
}
