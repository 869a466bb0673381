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

/// <summary>
/// One model's price (<c>Blazar:Prices:N</c>: <c>Model</c>, <c>InputPerMillion</c>, <c>OutputPerMillion</c>), in
/// whatever currency the operator counts in, so the people page can show what each person's usage cost.
/// </summary>
public sealed class ModelPrice
{
    [Required]
    public string Model { get; set; } = "";

    [Range(0, double.MaxValue)]
    public decimal InputPerMillion { get; set; }

    [Range(0, double.MaxValue)]
    public decimal OutputPerMillion { get; set; }
}

/// <summary><c>Blazar:Prices</c>: what each model costs per million tokens.</summary>
public sealed class PriceOptions
{
    public List<ModelPrice> Prices { get; set; } = [];

    /// <summary>What <paramref name="inputTokens"/> and <paramref name="outputTokens"/> of <paramref name="model"/> cost; null when it has no price.</summary>
    public decimal? Cost(string model, long inputTokens, long outputTokens) =>
        Prices.FirstOrDefault(p => string.Equals(p.Model, model, StringComparison.OrdinalIgnoreCase)) is { } price
            ? Math.Round((inputTokens * price.InputPerMillion + outputTokens * price.OutputPerMillion) / 1_000_000m, 6)
            : null;
}

/// <summary>
/// <c>Blazar:Auth:Oidc</c>: sign-in with an OpenID Connect provider (authorization code with PKCE), on when
/// <see cref="Authority"/> is set.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The provider's issuer URL (its discovery document is under <c>/.well-known/openid-configuration</c>).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The provider's name on the sign-in page ("Sign in with …"); the authority's host when unset.</summary>
    public string? DisplayName { get; set; }

    /// <summary>
    /// Whether the authority must be HTTPS; unset, it must unless it is on this machine (loopback), as a provider
    /// started for a test or a development one is.
    /// </summary>
    public bool? RequireHttpsMetadata { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public string Name => !string.IsNullOrWhiteSpace(DisplayName) ? DisplayName.Trim()
        : Uri.TryCreate(Authority, UriKind.Absolute, out var uri) ? uri.Host : "OpenID Connect";

    public bool HttpsRequired => RequireHttpsMetadata ?? !(Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && uri.IsLoopback);
}
