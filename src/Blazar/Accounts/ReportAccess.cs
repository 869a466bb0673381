using System.Security.Claims;
using Blazar.Reports;

namespace Blazar.Accounts;

/// <summary>
/// Who may view and change a report. View: its owner, admins, every signed-in person for <c>team</c>, anyone for
/// <c>link</c>. Change (stop, continue, share, delete): its owner and admins.
/// </summary>
public static class ReportAccess
{
    public static bool CanView(ClaimsPrincipal user, ReportOwner? owner, ReportVisibility visibility) =>
        visibility == ReportVisibility.Link
        || CanChange(user, owner)
        || (visibility == ReportVisibility.Team && user.IsSignedIn());

    public static bool CanView(ClaimsPrincipal user, Report report) => CanView(user, report.Owner, report.Visibility);

    public static bool CanView(ClaimsPrincipal user, ReportEntry entry) => CanView(user, entry.Owner, entry.Visibility);

    public static bool CanChange(ClaimsPrincipal user, ReportOwner? owner) =>
        user.IsAdmin() || (owner is not null && user.IsSignedIn() && owner.Id == user.UserId());

    public static bool CanChange(ClaimsPrincipal user, Report report) => CanChange(user, report.Owner);

    /// <summary>The listing scope a caller asked for with <c>?scope=</c>: null when it is not theirs to ask.</summary>
    public static ReportScope? Scope(ClaimsPrincipal user, string? scope) => scope switch
    {
        null or "" or "team" => new ReportScope(user.UserId()),
        "mine" => new ReportScope(user.UserId(), MineOnly: true),
        "all" when user.IsAdmin() => new ReportScope(user.UserId(), All: true),
        _ => null,
    };
}
