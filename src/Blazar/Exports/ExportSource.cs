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
    /// Versions: only the current one (the latest) is stored with its text for now, so <paramref name="version"/>
    /// must name it when given.
    /// </summary>
    public static async Task<ExportSource?> FindAsync(HttpContext context, IReportStore store, string id, int? version, CancellationToken cancellationToken)
    {
        if (!ReportId.IsWellFormed(id) || await store.GetAsync(id, cancellationToken) is not { Status: ReportStatus.Done } report
            || !ReportAccess.CanView(context.User, report))
            return null;
        if (version is { } wanted && !await IsCurrentAsync(store, id, wanted, cancellationToken))
            return null;
        return await store.GetTextAsync(id, cancellationToken) is { } html ? new ExportSource(report.Spec.Title, html) : null;
    }

    private static async Task<bool> IsCurrentAsync(IReportStore store, string id, int version, CancellationToken cancellationToken) =>
        await store.ListVersionsAsync(id, cancellationToken) is [.., { } current] && current.Version == version;
}
