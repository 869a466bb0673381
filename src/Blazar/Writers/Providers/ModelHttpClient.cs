using System.Globalization;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Blazar.Writers.Providers;

/// <summary>
/// The one <see cref="HttpClient"/> both model SDKs send through, and the one retry policy for them: a request the
/// API refuses for a passing reason (429 honouring <c>retry-after</c>, 529, other 5xx, 408, no connection, no
/// response headers within the stall timeout, at least 5 s) is sent again with exponential back-off and jitter, a bounded number
/// of times; other refusals (400, 401, 403, 404) return at once. The SDKs' own retries are switched off, so the policy
/// is this one for every provider. It acts only before a stream starts: once a response is streaming, a break is
/// the writer's to continue from the text already written.
/// </summary>
internal static partial class ModelHttpClient
{
    private static readonly TimeSpan MinHeadersTimeout = TimeSpan.FromSeconds(5);

    public static HttpClient Create(ModelResilienceOptions options, TimeProvider time, ILogger logger, DelegatingHandler? outermost = null)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.ModelRetries > 0)
        {
            var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.ModelRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = maxRetryAfter,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    || (args.Outcome.Exception is OperationCanceledException && !args.Context.CancellationToken.IsCancellationRequested)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time, maxRetryAfter)),
                OnRetry = args =>
                {
                    LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, Describe(args.Outcome));
                    return default;
                },
            });
        }
        // Connecting and the response headers get the stall timeout too, but never less than a few seconds:
        // a cold connection (DNS, TLS, a busy gateway) is slower than a stream's gaps are allowed to be.
        var headersTimeout = options.StallTimeout > MinHeadersTimeout ? options.StallTimeout : MinHeadersTimeout;
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = headersTimeout });
#pragma warning disable CA2000 // the handlers belong to the HttpClient, which disposes them
        var handler = new StreamActivityHandler
        {
            InnerHandler = new ResilienceHandler(pipeline.Build())
            {
                InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, // follow DNS changes
            },
        };
        if (outermost is not null)
            outermost.InnerHandler = handler;
#pragma warning restore CA2000
        return new HttpClient(outermost ?? (HttpMessageHandler)handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The wait the API asked for (<c>retry-after-ms</c> or <c>retry-after</c>, seconds or a date), at most <paramref name="max"/>.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time, TimeSpan max)
    {
        if (response is null)
            return null;
        TimeSpan? wait = null;
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
            wait = TimeSpan.FromMilliseconds(milliseconds);
        else if (response.Headers.RetryAfter is { } retryAfter)
            wait = retryAfter.Delta ?? retryAfter.Date - time.GetUtcNow();
        if (wait is not { } value || value <= TimeSpan.Zero)
            return null;
        return value < max ? value : max;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.Message ?? $"HTTP {(int?)outcome.Result?.StatusCode}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model request failed ({Reason}); retry {Attempt} in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, int attempt, double delayMs, string reason);
}
