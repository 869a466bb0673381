using Blazar.Reports;

namespace Blazar.Storage;

/// <summary>
/// A version about to be added to a report: a revision (queued, no text yet) or a restored copy of an older one
/// (done, with its text).
/// </summary>
public sealed record NewVersion(string Instruction, string? Section, ReportStatus Status, DateTimeOffset CreatedAt)
{
    public string Text { get; init; } = "";
    public DateTimeOffset? CompletedAt { get; init; }
    public int Progress { get; init; }
    public Usage? Usage { get; init; }
    public bool Truncated { get; init; }

    /// <summary>The version it is made from: it is added only while that one is still the current version.</summary>
    public int Basis { get; init; }
}
