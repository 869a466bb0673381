namespace Blazar.Reports;

/// <summary>
/// Which reports a listing (manifest, search, hub) holds for the person asking: their own, plus the team's unless
/// <see cref="MineOnly"/>; everything when <see cref="All"/> (admins only).
/// </summary>
public sealed record ReportScope(string? UserId, bool MineOnly = false, bool All = false)
{
    /// <summary>Every report, for the server's own work (recovery, takeover).</summary>
    public static ReportScope Everything { get; } = new(null, All: true);

    public bool Includes(ReportEntry entry) =>
        All || (entry.Owner?.Id is { } owner && owner == UserId) || (!MineOnly && entry.Visibility == ReportVisibility.Team);
}
