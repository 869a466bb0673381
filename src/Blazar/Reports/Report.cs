
namespace Blazar.Reports;

/// <summary>A stored report without its text (which can be large and is read on its own).</summary>
public sealed record Report(
    string Id,
    Spec Spec,
    ReportStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt = null,
    int Length = 0,
    int Progress = 0,
    string? Error = null,
    Usage? Usage = null,
    bool Truncated = false)
{
    /// <summary>Who owns it; null for a report from before accounts (admins see those).</summary>
    public ReportOwner? Owner { get; init; }

    public ReportVisibility Visibility { get; init; }

    /// <summary>Which version these fields describe: the current one unless a version was asked for.</summary>
    public int Version { get; init; } = 1;

    /// <summary>How many versions the report has.</summary>
    public int Versions { get; init; } = 1;

    public ReportEntry ToEntry() =>
        new(Id, Spec.Title, Spec.Summary, Status, CreatedAt, CompletedAt, Length, Progress)
        {
            Error = Error,
            Usage = Usage,
            Truncated = Truncated,
            Owner = Owner,
            Visibility = Visibility,
            Version = Version,
            Versions = Versions,
        };
}
