using Blazar.Reports;

namespace Blazar.Hub;

/// <summary>A change to the manifest: a report created, progressing or finished, or one removed.</summary>
public sealed record HubMessage(ReportEntry? Report, string? RemovedId = null)
{
    public static HubMessage Changed(ReportEntry report) => new(report);

    public static HubMessage Removed(string id) => new(null, id);
}
