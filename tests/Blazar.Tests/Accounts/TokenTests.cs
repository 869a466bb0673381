using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Accounts;

/// <summary>Personal API tokens: shown once, kept hashed, work as the person, stop at once when revoked.</summary>
public sealed class TokenTests
{
    [Fact]
    public async Task A_token_is_shown_once_works_as_its_person_and_gets_401_once_revoked()
    {
        await using var server = await BlazarServer.StartAsync();
        await People.CreateAsync(server, "scripts@blazar.test");
        using var person = await People.SignInAsync(server, "scripts@blazar.test");

        using var created = await person.PostAsJsonAsync("/api/tokens", new { name = "CI", expiresInDays = 7 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal("CI", body.GetProperty("name").GetString());
        Assert.InRange(body.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddDays(6.9), DateTimeOffset.UtcNow.AddDays(7.1));

        var listed = await person.GetStringAsync("/api/tokens");
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal); // shown once
        using var script = People.TokenClient(server, token);
        Assert.Equal("scripts@blazar.test", (await script.GetFromJsonAsync<JsonElement>("/api/account")).GetProperty("email").GetString());
        var reportId = await Api.StartAsync(script);
        Assert.Equal("scripts", (await Api.GetAsync(person, reportId)).GetProperty("owner").GetProperty("displayName").GetString());

        using var revoked = await person.DeleteAsync($"/api/tokens/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var after = await script.GetAsync("/api/account");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        using var unknown = People.TokenClient(server, "blz_not-a-token");
        using var refused = await unknown.GetAsync("/api/reports");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_token_needs_a_name_and_a_sensible_expiry()
    {
        await using var server = await BlazarServer.StartAsync();

        using var bad = await server.Client.PostAsJsonAsync("/api/tokens", new { name = "", expiresInDays = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("expiresInDays", out _));
    }
}
