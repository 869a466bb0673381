using System.ComponentModel.DataAnnotations;

namespace Blazar.Accounts;

/// <summary><c>Blazar:Auth</c>: an admin to create at start when no account has that email (scripted installs, tests).</summary>
public sealed class AuthOptions
{
    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}

/// <summary><c>Blazar:Quotas</c>: what one person may spend (0 = no limit).</summary>
public sealed class QuotaOptions
{
    /// <summary>Reports a person may have queued or generating at once.</summary>
    [Range(0, int.MaxValue)]
    public int MaxActivePerUser { get; set; } = 3;

    /// <summary>Output tokens a person's reports and chat turns may use per day (UTC); 0 = no limit.</summary>
    [Range(0, long.MaxValue)]
    public long DailyOutputTokensPerUser { get; set; }
}

/// <summary><c>Blazar:RateLimits</c>: requests per minute for sign-in (per client address) and chat (per person).</summary>
public sealed class RateLimitOptions
{
    [Range(1, int.MaxValue)]
    public int SignInPerMinute { get; set; } = 10;

    [Range(1, int.MaxValue)]
    public int ChatPerMinute { get; set; } = 30;
}
