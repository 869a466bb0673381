
namespace Blazar.Writers;

/// <summary>Turns what a writer threw into the message a user reads, and whether trying again could help.</summary>
internal static class WriterFailure
{
    public static (string Message, bool Retryable) Describe(Exception exception)
    {
        if (ProviderError.From(exception) is { } provider)
        {
            return provider.StatusCode switch
            {
                400 or 401 or 403 or 404 or 413 or 422 => ($"The model API refused the request ({provider.StatusCode}): {provider.Message}", false),
                429 => ($"The model API is rate-limiting requests (429) and retries did not get through: {provider.Message}", true),
                { } code => ($"The model API failed ({code}) and retries did not get through: {provider.Message}", true),
                null => ($"The model stream failed: {provider.Message}", true),
            };
        }
        return exception switch
        {
            WriterInterruptedException => (exception.Message, true),
            // The OpenAI SDK wraps a connection that failed in a ClientResultException without a status.
            _ when Unreachable(exception) => ($"Could not reach the model API: {Innermost(exception).Message}", true),
            TimeoutException or Polly.Timeout.TimeoutRejectedException => ("The model API did not answer in time.", true),
            _ => ($"The writer failed: {exception.Message}", true),
        };
    }

    private static bool Unreachable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or IOException or Anthropic.Exceptions.AnthropicIOException)
                return true;
        }
        return false;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
            exception = exception.InnerException;
        return exception;
    }
}
