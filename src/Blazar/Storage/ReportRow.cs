using Blazar.Reports;

namespace Blazar.Storage;

/// <summary>
/// A report as the manifest lists it: what it is called and which of its versions is current. Its specs and texts
/// live in <see cref="ReportVersionRow"/>, so listing reports never reads them. Owners and visibility join here.
/// </summary>
internal sealed class ReportRow
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    public string? Summary { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The version that <c>/r/{id}</c> shows and generation writes (1 until a report is revised).</summary>
    public int CurrentVersion { get; set; } = 1;

    /// <summary>The person who owns it (null for reports from before accounts: admins see those).</summary>
    public string? OwnerId { get; set; }

    public ReportVisibility Visibility { get; set; }

    public List<ReportVersionRow> Versions { get; set; } = [];
}
