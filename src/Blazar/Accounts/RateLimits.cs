using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;

namespace Blazar.Accounts;

/// <summary>
/// The sign-in and chat rate limits: a fixed window of a minute per client address (sign-in) or per person (chat),
/// on System.Threading.RateLimiting's <see cref="FixedWindowRateLimiter"/>. ASP.NET Core's rate-limiting middleware
/// does the same, but its partitioned limiter wakes the thread pool every 100 ms for as long as the process runs:
/// 0.47 % of a core in an idle Blazar (0.55 % against 0.08 % without it). Here a window is replenished when it is
/// next asked, and idle windows are dropped as the table grows, so an idle server does nothing.
/// </summary>
internal sealed class RateLimits(RateLimitOptions options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int SweepAbove = 10_000;
    private readonly ConcurrentDictionary<(string Policy, string Key), FixedWindowRateLimiter> _windows = new();
    private int _sweepAt = SweepAbove;

    /// <summary>Takes a permit of <paramref name="policy"/> for the request's address or person; a lease that is not acquired says when to retry.</summary>
    public RateLimitLease Acquire(string policy, HttpContext context)
    {
        var (key, permits) = Partition(policy, context);
        var window = _windows.GetOrAdd((policy, key), static (_, permits) => new FixedWindowRateLimiter(new()
        {
            PermitLimit = permits,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = false, // replenished below, when asked: no timer per window
        }), permits);
        window.TryReplenish(); // starts a new window once the last one has passed
        var lease = window.AttemptAcquire();
        if (_windows.Count > Volatile.Read(ref _sweepAt))
            Sweep();
        return lease;
    }

    /// <summary>Whom <paramref name="policy"/> counts (sign-in: the client address; chat: the person, else the address), and how many a minute.</summary>
    private (string Key, int Permits) Partition(string policy, HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "";
        return policy switch
        {
            AccountApi.SignInLimit => (address, options.SignInPerMinute),
            AccountsExtensions.ChatLimit => (context.User.UserId() ?? address, options.ChatPerMinute),
            _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "No such rate limit."),
        };
    }

    /// <summary>Drops the windows that have passed; the next sweep waits until the table has doubled, so each request pays O(1) on average.</summary>
    private void Sweep()
    {
        lock (_windows)
        {
            if (_windows.Count <= _sweepAt)
                return;
            foreach (var (key, window) in _windows)
            {
                window.TryReplenish();
                // Not disposed: a request may hold it this moment, and without a timer or a queue it owns nothing.
                if (window.IdleDuration is not null)
                    _windows.TryRemove(new(key, window));
            }
            Volatile.Write(ref _sweepAt, Math.Max(SweepAbove, 2 * _windows.Count));
        }
    }

    /// <summary>The 429 a refused request gets: problem+json and <c>Retry-After</c>.</summary>
    public static Task RejectAsync(HttpContext context, RateLimitLease lease)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
            detail: $"Slow down: try again in {seconds} seconds.").ExecuteAsync(context);
    }
}

/// <summary>Endpoint metadata: requests to the endpoint count against the named rate limit.</summary>
internal sealed record RateLimited(string Policy);

internal static class RateLimitsExtensions
{
    /// <summary>Requests to these endpoints count against <paramref name="policy"/> (<see cref="AccountApi.SignInLimit"/> or <see cref="AccountsExtensions.ChatLimit"/>).</summary>
    public static TBuilder RateLimited<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RateLimited(policy));

    /// <summary>Applies the endpoint's rate limit, if it has one, before the endpoint runs (and before its body is read).</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<RateLimits>();
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<RateLimited>() is not { } limited)
            {
                await next(context);
                return;
            }
            using var lease = limits.Acquire(limited.Policy, context);
            if (lease.IsAcquired)
                await next(context);
            else
                await RateLimits.RejectAsync(context, lease);
        });
    }
}
