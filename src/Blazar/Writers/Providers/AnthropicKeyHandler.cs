using System.Net.Http.Headers;

namespace Blazar.Writers.Providers;

/// <summary>
/// Sends the Anthropic key the way the Messages API documents it, as <c>x-api-key</c>. The SDK (13.x) puts the key
/// in <c>Authorization: Bearer</c>, which is the header for OAuth tokens; an API key belongs in <c>x-api-key</c>.
/// </summary>
internal sealed class AnthropicKeyHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is AuthenticationHeaderValue { Scheme: "Bearer", Parameter: { Length: > 0 } key })
        {
            request.Headers.Authorization = null;
            request.Headers.Remove("x-api-key");
            request.Headers.TryAddWithoutValidation("x-api-key", key);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
