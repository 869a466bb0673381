namespace Blazar.Reports;

/// <summary>Where a report is in its life; serialized in lower case.</summary>
public enum ReportStatus
{
    Queued,
    Generating,
    Done,
    Failed,
    Cancelled,
}

internal static class ReportStatusExtensions
{
    public static bool IsActive(this ReportStatus status) => status is ReportStatus.Queued or ReportStatus.Generating;
}
