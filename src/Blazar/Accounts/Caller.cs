using System.Security.Claims;
using Blazar.Reports;

namespace Blazar.Accounts;

/// <summary>The roles a person can have.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Member = "member";

    public static bool IsKnown(string? role) => role is Admin or Member;
}

/// <summary>Who is asking, read from the signed-in principal (cookie or API token).</summary>
public static class Caller
{
    public const string DisplayNameClaim = "blazar:name";

    public static bool IsSignedIn(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.UserId() is not null;

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsSignedIn() && user.IsInRole(Roles.Admin);

    public static ReportOwner? AsOwner(this ClaimsPrincipal user) =>
        user.UserId() is { } id ? new ReportOwner(id, user.FindFirstValue(DisplayNameClaim) ?? user.Identity?.Name ?? "") : null;
}
