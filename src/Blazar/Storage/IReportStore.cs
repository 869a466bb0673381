using Blazar.Reports;

namespace Blazar.Storage;

/// <summary>
/// Durable home of reports: spec, status, metadata and text (the final HTML once done,
/// the partial text while generating or after a stop).
/// </summary>
public interface IReportStore
{
    /// <summary>Prepares the store (schema, connections); called once at start-up.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task CreateAsync(Report report, CancellationToken cancellationToken);

    Task<Report?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The manifest: every report, newest first, without text.</summary>
    Task<IReadOnlyList<Report>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The report's text: final HTML when done, what was written so far otherwise.</summary>
    Task<string?> GetTextAsync(string id, CancellationToken cancellationToken);

    /// <summary>Writes every metadata field of <paramref name="report"/>, and the text when given.</summary>
    Task UpdateAsync(Report report, string? text, CancellationToken cancellationToken);

    /// <summary>Moves a report to <paramref name="next"/> only if its status is one of <paramref name="expected"/>.</summary>
    Task<bool> TrySetStatusAsync(string id, IReadOnlyCollection<ReportStatus> expected, ReportStatus next, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>True when the store answers.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
