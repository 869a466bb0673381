using System.ComponentModel.DataAnnotations;

namespace Blazar.Redis;

/// <summary>Shared state in Redis for several Blazar instances (<c>Blazar:Redis</c>, used when <c>Blazar:Streams</c> is <c>redis</c>).</summary>
public sealed class RedisOptions
{
    /// <summary>A StackExchange.Redis connection string, e.g. <c>redis:6379,password=…</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Blazar:Redis:Configuration is required when Blazar:Streams is redis.")]
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis.</summary>
    [Required(AllowEmptyStrings = false)]
    public string KeyPrefix { get; set; } = "blazar:";

    /// <summary>
    /// How long an instance's claim on a report lasts without renewal. The owner renews it three times per period;
    /// when an instance dies, another one takes its reports over within about this long.
    /// </summary>
    [Range(1, 3600)]
    public int LeaseSeconds { get; set; } = 10;

    /// <summary>How long a finished report's stream stays in Redis after its text is stored; readers then use the store.</summary>
    [Range(1, 7 * 24 * 3600)]
    public int FinishedStreamTtlSeconds { get; set; } = 60;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan FinishedStreamTtl => TimeSpan.FromSeconds(FinishedStreamTtlSeconds);
}
