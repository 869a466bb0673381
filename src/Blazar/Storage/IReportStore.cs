using Blazar.Reports;

namespace Blazar.Storage;

/// <summary>
/// Durable home of reports: spec, status, metadata and text (the final HTML once done, the partial text while
/// generating or after a stop), version by version. Metadata and text are those of the current version.
/// </summary>
public interface IReportStore
{
    /// <summary>Prepares the store (migrations, connections); called once at start-up.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new report as its version 1, written from <see cref="Report.Spec"/>.</summary>
    Task CreateAsync(Report report, CancellationToken cancellationToken);

    /// <summary>The report with the fields of its current version; null when unknown.</summary>
    Task<Report?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The report with the fields of its version <paramref name="version"/>; null when the report or that version is unknown.</summary>
    Task<Report?> GetAsync(string id, int version, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the manifest, newest first, from manifest columns only (never specs or texts): at most
    /// <paramref name="limit"/> entries created before the report <paramref name="before"/> (from the start when null).
    /// </summary>
    Task<IReadOnlyList<ReportEntry>> ListAsync(int limit, string? before, CancellationToken cancellationToken);

    /// <summary>A page of the manifest as <see cref="ListAsync(int, string?, CancellationToken)"/>, holding only the reports in <paramref name="scope"/>.</summary>
    Task<IReadOnlyList<ReportEntry>> ListAsync(ReportScope scope, int limit, string? before, CancellationToken cancellationToken);

    /// <summary>The reports that are queued or generating, oldest first.</summary>
    Task<IReadOnlyList<ReportEntry>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>Reports whose title, summary or finished text holds every word of <paramref name="query"/>, best first, each with a plain-text snippet.</summary>
    Task<IReadOnlyList<ReportEntry>> SearchAsync(string query, int limit, CancellationToken cancellationToken);

    /// <summary>A search as <see cref="SearchAsync(string, int, CancellationToken)"/> among the reports in <paramref name="scope"/>.</summary>
    Task<IReadOnlyList<ReportEntry>> SearchAsync(ReportScope scope, string query, int limit, CancellationToken cancellationToken);

    /// <summary>Changes who may view a report and its title (each when given); the report afterwards, null when unknown.</summary>
    Task<Report?> ShareAsync(string id, ReportVisibility? visibility, string? title, CancellationToken cancellationToken);

    /// <summary>Gives every report of one person to another; how many moved.</summary>
    Task<int> ReassignAsync(string fromUserId, string toUserId, CancellationToken cancellationToken);

    /// <summary>How many of a person's reports are queued or generating.</summary>
    Task<int> CountActiveAsync(string ownerId, CancellationToken cancellationToken);

    /// <summary>Every version of a report, oldest first; empty when the report is unknown.</summary>
    Task<IReadOnlyList<ReportVersion>> ListVersionsAsync(string id, CancellationToken cancellationToken);

    /// <summary>The report's text: final HTML when done, what was written so far otherwise.</summary>
    Task<string?> GetTextAsync(string id, CancellationToken cancellationToken);

    /// <summary>The text of one version of a report; null when the report or that version is unknown.</summary>
    Task<string?> GetTextAsync(string id, int version, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="version"/> after the last version and makes it current, only while the current version is
    /// not queued or generating; its number, or null when the report is unknown or a version is being written.
    /// </summary>
    Task<int?> AddVersionAsync(string id, NewVersion version, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the status, progress, length, error, usage and times of <paramref name="report"/>, and the text when
    /// given, to its current version (the spec never changes). A deleted report stays deleted.
    /// </summary>
    Task UpdateAsync(Report report, string? text, CancellationToken cancellationToken);

    /// <summary>
    /// A run's save while it writes: as <see cref="UpdateAsync"/>, but only while the report is still queued or being
    /// written, so a late save never takes back a report that has stopped or finished since (a stalled instance's, after
    /// the instance that took the report over has finished it).
    /// </summary>
    Task UpdateWhileWritingAsync(Report report, string text, CancellationToken cancellationToken);

    /// <summary>Moves a report to <paramref name="next"/> only if its status is one of <paramref name="expected"/>.</summary>
    Task<bool> TrySetStatusAsync(string id, IReadOnlyCollection<ReportStatus> expected, ReportStatus next, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>True when the store answers and its last write succeeded.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
