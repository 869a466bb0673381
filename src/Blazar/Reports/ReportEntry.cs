namespace Blazar.Reports;

/// <summary>One report as the manifest (and the hub) sees it.</summary>
public sealed record ReportEntry(
    string Id,
    string Title,
    string? Summary,
    ReportStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    int Length,
    int Progress)
{
    public string Url => $"/r/{Id}";
    public string? Error { get; init; }
    public Usage? Usage { get; init; }
    /// <summary>True when the writer stopped at its length limit more often than continuations allow.</summary>
    public bool Truncated { get; init; }
    /// <summary>A plain-text excerpt around the words a search found; only in search results.</summary>
    public string? Snippet { get; init; }
    public ReportOwner? Owner { get; init; }
    public ReportVisibility Visibility { get; init; }

    /// <summary>The version shown (the current one, unless <c>?v=N</c> asked for another).</summary>
    public int Version { get; init; } = 1;

    /// <summary>How many versions the report has.</summary>
    public int Versions { get; init; } = 1;
}
