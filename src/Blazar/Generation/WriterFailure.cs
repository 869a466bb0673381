namespace Blazar.Generation;

/// <summary>Turns what a writer threw into the message a user reads, and whether trying again could help.</summary>
internal static class WriterFailure
{
    public static (string Message, bool Retryable) Describe(Exception exception) => exception switch
    {
        HttpRequestException { StatusCode: { } code } when (int)code is 400 or 401 or 403 or 404 =>
            ($"The model refused the request ({(int)code}): {exception.Message}", false),
        _ => ($"The writer failed: {exception.Message}", true),
    };
}
