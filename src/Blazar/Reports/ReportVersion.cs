namespace Blazar.Reports;

/// <summary>One version of a report as <c>GET /api/reports/{id}/versions</c> lists it.</summary>
public sealed record ReportVersion(
    int Version,
    DateTimeOffset CreatedAt,
    string? Instruction,
    string? Section,
    int Length,
    ReportStatus Status,
    Usage? Usage);
