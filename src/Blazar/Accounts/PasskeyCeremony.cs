using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Blazar.Accounts;

/// <summary>What the passkey endpoints share: the credential field, the ceremony's state, the answers.</summary>
internal static class PasskeyCeremony
{
    /// <summary>The cookie that carries a ceremony's challenge from the options call to the credential's.</summary>
    public const string CookieName = "blazar.passkey";

    public static void Configure(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
    }

    public static void Credential(Dictionary<string, string[]> errors, JsonElement credential)
    {
        if (credential.ValueKind != JsonValueKind.Object)
            errors["credential"] = ["A credential from navigator.credentials is required."];
    }

    /// <summary>True when this browser asked for options a moment ago (Identity throws when it did not).</summary>
    public static async Task<bool> IsUnderwayAsync(HttpContext context) =>
        (await context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme)).Succeeded;

    public static ValidationProblem NotUnderway() =>
        Refused("No passkey ceremony is underway in this browser (or it took longer than 5 minutes); start again.");

    public static ValidationProblem Refused(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["credential"] = [message] });

    /// <summary>Options Identity made, passed on as they are.</summary>
    public static ContentHttpResult Json(string json) => TypedResults.Text(json, "application/json");
}
