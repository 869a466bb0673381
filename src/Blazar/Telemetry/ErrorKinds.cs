using Blazar.Writers;

namespace Blazar.Telemetry;

/// <summary>The <c>kind</c> tag of <c>blazar.errors</c>: a small, fixed set, so a dashboard can list them.</summary>
internal static class ErrorKinds
{
    /// <summary>A periodic save of a report being written failed (the next save or the final write covers it).</summary>
    public const string Save = "save";

    /// <summary>A background loop could not reach the shared state (Redis): lease renewal, takeover.</summary>
    public const string SharedState = "shared_state";

    /// <summary>A run stopped because the shared state did not answer; another run (takeover) continues the report.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>What made a report fail, as the writer's failure: the model's refusal, rate limit, outage, a broken stream, …</summary>
    public static string OfFailure(Exception exception)
    {
        if (ProviderError.From(exception) is { } provider)
        {
            return provider.StatusCode switch
            {
                400 or 401 or 403 or 404 or 413 or 422 => "model_refused",
                429 => "model_rate_limited",
                not null => "model_unavailable",
                null => "model_stream",
            };
        }
        return exception switch
        {
            WriterInterruptedException => "model_interrupted",
            HttpRequestException or IOException or Anthropic.Exceptions.AnthropicIOException => "model_unreachable",
            TimeoutException or Polly.Timeout.TimeoutRejectedException => "timeout",
            _ => "other",
        };
    }
}
