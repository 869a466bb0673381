using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Blazar.Accounts;

/// <summary>
/// The session cookie: HttpOnly, SameSite=Lax, Secure under HTTPS. An API call without a session gets 401 (and one
/// not allowed, 403) as problem+json; a page visit goes to sign-in, or to setup while no account exists.
/// A cookie whose person was removed stops working at once.
/// </summary>
internal static class SignInCookie
{
    public const string Name = "blazar.session";

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = Name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromDays(14);
        options.SlidingExpiration = true;
        options.LoginPath = "/login";
        options.Events = new CookieAuthenticationEvents
        {
            OnRedirectToLogin = ToSignIn,
            OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden),
            OnRedirectToLogout = context => Refuse(context, StatusCodes.Status204NoContent),
            OnValidatePrincipal = ValidateAsync,
        };
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>
    /// Health probes never sign in, so a token or cookie they carry is not even looked up: they must answer while
    /// the database that holds people is down.
    /// </summary>
    public static bool IsProbe(HttpRequest request) => request.Path.StartsWithSegments("/healthz");

    private static async Task ToSignIn(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request) || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        var people = context.HttpContext.RequestServices.GetRequiredService<People>();
        if (!await people.AnyAsync(context.HttpContext.RequestAborted))
        {
            context.Response.Redirect("/setup");
            return;
        }
        var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        context.Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(back));
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.UserId() is not { } id || IsProbe(context.Request))
            return;
        var stamp = context.Principal.FindFirst(new IdentityOptions().ClaimsIdentity.SecurityStampClaimType)?.Value;
        var people = context.HttpContext.RequestServices.GetRequiredService<People>();
        if (!await people.IsCurrentAsync(id, stamp, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
