using Blazar.Accounts;
using Blazar.Reports;
using Blazar.Storage;

namespace Blazar.Exports;

/// <summary>A finished report to export: its title and its stored document.</summary>
internal sealed record ExportSource(string Title, string Html)
{
    /// <summary>
    /// The finished report the caller may view, or null, which the endpoint answers exactly as it answers an
    /// unknown id, so a report's existence never leaks. This is the one place who may view what applies to exports.
    /// <paramref name="version"/> selects a stored version (the current one when null); it must be finished too.
    /// </summary>
    public static async Task<ExportSource?> FindAsync(HttpContext context, IReportStore store, string id, int? version, CancellationToken cancellationToken)
    {
        if (!ReportId.IsWellFormed(id) || await store.GetAsync(id, cancellationToken) is not { } report || !ReportAccess.CanView(context.User, report))
            return null;
        var shown = version is { } wanted && wanted != report.Version ? await store.GetAsync(id, wanted, cancellationToken) : report;
        if (shown is not { Status: ReportStatus.Done })
            return null;
        return await store.GetTextAsync(id, shown.Version, cancellationToken) is { } html ? new ExportSource(report.Spec.Title, html) : null;
    }
}
