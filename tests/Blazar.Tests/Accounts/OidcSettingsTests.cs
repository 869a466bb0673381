using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Testing;
using Microsoft.Extensions.Options;

namespace Blazar.Tests.Accounts;

/// <summary>What Blazar says about OpenID Connect when none is configured, and settings it refuses to start with.</summary>
public sealed class OidcSettingsTests
{
    [Fact]
    public async Task Without_a_provider_the_sign_in_page_offers_none_and_its_start_is_a_404()
    {
        await using var server = await BlazarServer.StartAsync();
        using var anonymous = People.TokenClient(server, null);

        var methods = await anonymous.GetFromJsonAsync<JsonElement>("/api/account/sign-in-methods");
        Assert.False(methods.TryGetProperty("oidc", out var oidc) && oidc.ValueKind != JsonValueKind.Null, methods.ToString());
        Assert.True(methods.GetProperty("passkeys").GetBoolean());
        using var start = await anonymous.GetAsync("/login/oidc");
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
    }

    [Theory]
    [InlineData("http://idp.example.com/", "must be https")]
    [InlineData("not a url", "not an http or https URL")]
    public async Task A_provider_reached_without_TLS_off_this_machine_or_not_a_URL_stops_the_start(string authority, string message)
    {
        var settings = new Dictionary<string, string> { ["Auth:Oidc:Authority"] = authority, ["Auth:Oidc:ClientId"] = "blazar" };

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () => await (await BlazarServer.StartAsync(settings)).DisposeAsync());

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.Contains("Blazar:Auth:Oidc:Authority", failure.Message, StringComparison.Ordinal);
    }
}
