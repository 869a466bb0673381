using Blazar.Reports;

namespace Blazar.Hub;

/// <summary>A change to the manifest: a report created, progressing or finished, or one removed.</summary>
public sealed record HubMessage(ReportEntry? Report, string? RemovedId = null)
{
    /// <summary>The report as it was before a removal or a change of who may see it: who could list it until now.</summary>
    public ReportEntry? Before { get; init; }

    public static HubMessage Changed(ReportEntry report, ReportEntry? before = null) => new(report) { Before = before };

    public static HubMessage Removed(string id, ReportEntry? before = null) => new(null, id) { Before = before };
}
