using System.ClientModel;
using System.Text.Json;
using Anthropic.Exceptions;

namespace Blazar.Writers;

/// <summary>What a model API said when it refused: the HTTP status (when there was one) and its own message.</summary>
public sealed record ProviderError(int? StatusCode, string Message)
{
    /// <summary>Reads the status and the provider's message out of whatever the SDK threw.</summary>
    public static ProviderError? From(Exception exception) => exception switch
    {
        ModelApiException api => new(api.StatusCode, api.ApiMessage),
        AnthropicApiException api => new((int)api.StatusCode, api.ApiMessage ?? FirstLine(api.Message)),
        AnthropicSseException sse => new(null, sse.ApiMessage ?? FirstLine(sse.Message)),
        ClientResultException result when result.Status > 0 => new(result.Status, OpenAIMessage(result)),
        HttpRequestException { StatusCode: { } code } http => new((int)code, http.Message),
        _ => null,
    };

    /// <summary>True when a model said it does not accept an assistant message at the end of the conversation.</summary>
    public bool RejectsPrefill => StatusCode == 400 && Message.Contains("prefill", StringComparison.OrdinalIgnoreCase);

    private static string OpenAIMessage(ClientResultException exception)
    {
        var body = exception.GetRawResponse()?.Content?.ToString();
        if (!string.IsNullOrEmpty(body))
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String)
                        return error.GetString() ?? body;
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                        return message.GetString() ?? body;
                }
            }
            catch (JsonException)
            {
                return body.Length > 500 ? body[..500] : body;
            }
        }
        return FirstLine(exception.Message);
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length == 0 ? text.Trim() : line;
    }
}
