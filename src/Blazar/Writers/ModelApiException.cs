namespace Blazar.Writers;

/// <summary>
/// A model API refused a request (<paramref name="statusCode"/>: its HTTP status) or reported an error in the middle
/// of a stream (no status), with its own message.
/// </summary>
public sealed class ModelApiException(int? statusCode, string apiMessage)
    : Exception(statusCode is { } code ? $"{apiMessage} ({code})" : apiMessage)
{
    public int? StatusCode { get; } = statusCode;

    public string ApiMessage { get; } = apiMessage;
}
