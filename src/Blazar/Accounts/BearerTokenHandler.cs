using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Blazar.Accounts;

/// <summary>Signs a request in with a personal API token (<c>Authorization: Bearer blz_…</c>).</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Token(Request) is not { } token || SignInCookie.IsProbe(Request))
            return AuthenticateResult.NoResult();
        if (await tokens.FindAsync(token, Context.RequestAborted) is not { } holder)
            return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, holder.UserId),
            new Claim(ClaimTypes.Name, holder.Email),
            new Claim(ClaimTypes.Email, holder.Email),
            new Claim(ClaimTypes.Role, holder.Role),
            new Claim(Caller.DisplayNameClaim, holder.DisplayName),
        ], Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    public static bool HasToken(HttpRequest request) => Token(request) is not null;

    private static string? Token(HttpRequest request) =>
        request.Headers.Authorization is [var value] && value is not null && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? value["Bearer ".Length..].Trim()
            : null;
}
