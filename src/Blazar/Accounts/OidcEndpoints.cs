using System.Security.Claims;
using Blazar.Extensions;
using Blazar.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Blazar.Accounts;

/// <summary>
/// <c>/login/oidc</c> sends a person to the provider; <c>/login/oidc/done</c> is where they come back, signed in at
/// the provider, and decides whose account that is (see <see cref="OidcAccounts"/>).
/// <c>GET /api/account/sign-in-methods</c> tells the sign-in page whether to offer the provider.
/// </summary>
internal static class OidcEndpoints
{
    public sealed record Provider(string DisplayName);

    public sealed record SignInMethods(bool Passkeys, Provider? Oidc);

    public static IEndpointRouteBuilder MapOidcEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/account/sign-in-methods", (IOptions<OidcOptions> oidc) =>
            TypedResults.Ok(new SignInMethods(true, oidc.Value.Enabled ? new Provider(oidc.Value.Name) : null))).AllowAnonymous();
        app.MapGet("/login/oidc", Start).AllowAnonymous().RateLimited(AccountApi.SignInLimit);
        app.MapGet("/login/oidc/done", DoneAsync).AllowAnonymous().RateLimited(AccountApi.SignInLimit);
        return app;
    }

    private static IResult Start(HttpContext context, IOptions<OidcOptions> oidc, string? returnUrl)
    {
        if (!oidc.Value.Enabled)
            return Pages.File(context, "404.html", StatusCodes.Status404NotFound);
        var done = "/login/oidc/done?returnUrl=" + Uri.EscapeDataString(LocalPath(returnUrl));
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = done }, [OidcSignIn.Scheme]);
    }

    private static async Task<RedirectHttpResult> DoneAsync(
        HttpContext context, OidcAccounts accounts, SignInManager<BlazarUser> signIn, string? returnUrl, CancellationToken cancellationToken)
    {
        var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await context.SignOutAsync(IdentityConstants.ExternalScheme);
        if (external.Principal is not { } principal || principal.FindFirstValue("sub") is not { Length: > 0 })
            return TypedResults.Redirect("/login?error=oidc-failed");
        var (user, problem) = await accounts.FindOrCreateAsync(principal, cancellationToken);
        if (user is null)
            return TypedResults.Redirect("/login?error=" + problem);
        await signIn.SignInAsync(user, isPersistent: true, authenticationMethod: OidcSignIn.LoginProvider);
        return TypedResults.Redirect(LocalPath(returnUrl));
    }

    /// <summary>Only a path of this site, never another origin (<c>//evil.test</c>, <c>/\evil.test</c>).</summary>
    private static string LocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
