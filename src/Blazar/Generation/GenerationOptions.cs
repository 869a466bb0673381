using System.ComponentModel.DataAnnotations;

namespace Blazar.Generation;

/// <summary>How reports are generated (<c>Blazar</c> section).</summary>
public sealed class GenerationOptions
{
    /// <summary>How many reports are written at once; the rest wait in the queue.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentGenerations { get; set; } = 8;

    /// <summary>How many reports may wait for a free writer before new ones are refused (503).</summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedGenerations { get; set; } = 1000;

    /// <summary>The longest a report may be, in characters; a writer that goes on is stopped and the report kept as truncated.</summary>
    [Range(1_000, 100_000_000)]
    public int MaxReportChars { get; set; } = 2_000_000;

    /// <summary>How often the text of a report being written is saved to the store, in milliseconds.</summary>
    [Range(100, 60_000)]
    public int SaveIntervalMilliseconds { get; set; } = 2000;

    /// <summary>
    /// How long a report may go without one successful save (failed saves are retried with back-off) before it
    /// fails with the reason, in seconds.
    /// </summary>
    [Range(1, 3600)]
    public int SaveGiveUpSeconds { get; set; } = 30;
}
