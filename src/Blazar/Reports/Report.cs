
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
    public ReportEntry ToEntry() =>
        new(Id, Spec.Title, Spec.Summary, Status, CreatedAt, CompletedAt, Length, Progress)
        {
            Error = Error,
            Usage = Usage,
            Truncated = Truncated,
        };
}
