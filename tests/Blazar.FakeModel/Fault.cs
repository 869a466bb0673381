namespace Blazar.FakeModel;

/// <summary>What can go wrong with one request. Queue faults with <see cref="FakeModelServer.Enqueue"/>; each request takes the next one.</summary>
public abstract record Fault
{
    /// <summary>Answers with an HTTP error and the provider's JSON error body instead of a stream.</summary>
    public static Fault Status(int statusCode, string errorType, string message, TimeSpan? retryAfter = null) =>
        new StatusFault(statusCode, errorType, message, retryAfter);

    /// <summary>429 <c>rate_limit_error</c>, with a <c>retry-after</c> header when given.</summary>
    public static Fault RateLimited(TimeSpan? retryAfter = null) =>
        Status(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit.", retryAfter);

    /// <summary>529 <c>overloaded_error</c>, Anthropic's "try again later".</summary>
    public static Fault Overloaded() => Status(529, "overloaded_error", "Overloaded");

    /// <summary>500 <c>api_error</c>.</summary>
    public static Fault InternalError() => Status(500, "api_error", "Internal server error");

    /// <summary>502 or 503 from a gateway in front of the model.</summary>
    public static Fault Unavailable(int statusCode = 503) => Status(statusCode, "api_error", statusCode == 502 ? "Bad gateway" : "Service unavailable");

    /// <summary>401 <c>authentication_error</c>.</summary>
    public static Fault Unauthorized() => Status(401, "authentication_error", "invalid x-api-key");

    /// <summary>400: the model does not accept an assistant message at the end of the conversation.</summary>
    public static Fault PrefillUnsupported() => Status(400, "invalid_request_error", FakeModelServer.PrefillUnsupportedMessage);

    /// <summary>Closes the TCP connection before any response header.</summary>
    public static Fault DropConnection() => new CutFault(-1);

    /// <summary>Streams <paramref name="chars"/> characters, then sends an <c>error</c> event (<c>overloaded_error</c>) and ends.</summary>
    public static Fault ErrorEventAfter(int chars) => new ErrorEventFault(chars);

    /// <summary>Streams <paramref name="chars"/> characters, then aborts the TCP connection.</summary>
    public static Fault CutAfter(int chars) => new CutFault(chars);

    /// <summary>Streams <paramref name="chars"/> characters, then sends nothing more until the client goes away.</summary>
    public static Fault StallAfter(int chars) => new StallFault(chars);

    /// <summary>Streams <paramref name="chars"/> characters, then stops with <c>max_tokens</c> (<c>length</c>).</summary>
    public static Fault MaxTokensAfter(int chars) => new MaxTokensFault(chars);
}

/// <summary>An HTTP error instead of a stream.</summary>
public sealed record StatusFault(int StatusCode, string ErrorType, string Message, TimeSpan? RetryAfter) : Fault;

/// <summary>A mid-stream <c>error</c> event after some characters.</summary>
public sealed record ErrorEventFault(int AfterChars) : Fault;

/// <summary>An aborted connection after some characters (before the headers when negative).</summary>
public sealed record CutFault(int AfterChars) : Fault;

/// <summary>Silence after some characters.</summary>
public sealed record StallFault(int AfterChars) : Fault;

/// <summary>A <c>max_tokens</c> stop after some characters.</summary>
public sealed record MaxTokensFault(int AfterChars) : Fault;
