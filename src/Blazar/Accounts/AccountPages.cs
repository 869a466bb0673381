using System.Security.Claims;
using Blazar.Extensions;

namespace Blazar.Accounts;

/// <summary>The account pages: sign-in, first-run setup, an invitation, your account, and (admins) people.</summary>
internal static class AccountPages
{
    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext context) => Pages.File(context, "login.html")).AllowAnonymous();
        app.MapGet("/setup", async (HttpContext context, People people) =>
            await people.AnyAsync(context.RequestAborted) ? Results.Redirect("/login") : Pages.File(context, "setup.html")).AllowAnonymous();
        app.MapGet("/invite/{token}", (HttpContext context) => Pages.File(context, "invite.html")).AllowAnonymous();
        app.MapGet("/account", (HttpContext context) => Pages.File(context, "account.html"));
        app.MapGet("/people", (HttpContext context, ClaimsPrincipal user) =>
            user.IsAdmin() ? Pages.File(context, "people.html") : Pages.File(context, "404.html", StatusCodes.Status404NotFound));
        return app;
    }
}
