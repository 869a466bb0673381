using Blazar.Reports;

namespace Blazar.Storage;

/// <summary>
/// One version of a report: written from the spec (version 1) or from a revision request (later ones), with its
/// own text, status, usage and times.
/// </summary>
internal sealed class ReportVersionRow
{
    public required string ReportId { get; set; }
    public int Number { get; set; }

    /// <summary>The spec as JSON, for the version written from one (version 1); it holds the pasted data.</summary>
    public string? Spec { get; set; }

    /// <summary>What a revision asked for; null for version 1.</summary>
    public string? Instruction { get; set; }

    /// <summary>The exact <c>&lt;h2&gt;</c> text a revision rewrote, when it rewrote one section only.</summary>
    public string? Section { get; set; }

    /// <summary>The HTML: final once done, what was written so far otherwise.</summary>
    public string Text { get; set; } = "";

    public ReportStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int Length { get; set; }
    public int Progress { get; set; }
    public string? Error { get; set; }

    /// <summary>The <see cref="Usage"/> as JSON.</summary>
    public string? Usage { get; set; }

    public bool Truncated { get; set; }
}
