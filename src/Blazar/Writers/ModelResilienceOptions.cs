using System.ComponentModel.DataAnnotations;

namespace Blazar.Writers;

/// <summary>How writing survives a model API's faults (<c>Blazar</c> section).</summary>
public sealed class ModelResilienceOptions
{
    /// <summary>Seconds without a byte from the model (pings count) before the stream is given up and continued.</summary>
    [Range(0.05, 3600, ErrorMessage = "Blazar:StallTimeoutSeconds must be between 0.05 and 3600.")]
    public double StallTimeoutSeconds { get; set; } = 60;

    /// <summary>How often a report cut off at the token limit is continued before it is stored as truncated.</summary>
    [Range(0, 100, ErrorMessage = "Blazar:MaxContinuations must be between 0 and 100.")]
    public int MaxContinuations { get; set; } = 3;

    /// <summary>How often a broken stream (error event, cut connection, stall) is continued before the report fails.</summary>
    [Range(0, 100, ErrorMessage = "Blazar:MaxResumes must be between 0 and 100.")]
    public int MaxResumes { get; set; } = 5;

    /// <summary>How often a request refused for a passing reason (429, 529, 5xx, no connection, timeout) is sent again.</summary>
    [Range(0, 20, ErrorMessage = "Blazar:ModelRetries must be between 0 and 20.")]
    public int ModelRetries { get; set; } = 4;

    /// <summary>The first back-off delay in milliseconds; it doubles with each retry (with jitter) unless the API says <c>retry-after</c>.</summary>
    [Range(1, 60_000, ErrorMessage = "Blazar:ModelRetryDelayMilliseconds must be between 1 and 60000.")]
    public int ModelRetryDelayMilliseconds { get; set; } = 1000;

    /// <summary>The longest <c>retry-after</c> honoured, in seconds; a longer one is shortened to this.</summary>
    [Range(1, 3600, ErrorMessage = "Blazar:MaxRetryAfterSeconds must be between 1 and 3600.")]
    public int MaxRetryAfterSeconds { get; set; } = 120;

    public TimeSpan StallTimeout => TimeSpan.FromSeconds(StallTimeoutSeconds);

    public TimeSpan RetryDelay => TimeSpan.FromMilliseconds(ModelRetryDelayMilliseconds);
}
