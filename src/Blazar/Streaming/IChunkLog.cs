using Blazar.Reports;

namespace Blazar.Streaming;

/// <summary>
/// The ordered deltas of each report being written, shared by the writer and every viewer.
/// </summary>
/// <remarks>
/// The contract every implementation keeps (one test suite checks it against each):
/// <list type="bullet">
/// <item>A chunk's sequence number is the UTF-16 length of the report's text after it: it rises with every delta, and
/// a reader holding N characters resumes exactly after sequence number N.</item>
/// <item>Opening a report that has no log, or whose log has ended, starts a log holding the seed text. Opening a log
/// that exists and has not ended keeps it as it is and ignores the seed: it holds at least the text the store has
/// (the store is saved from it), so recovery and takeover continue from the log, never from an older save.</item>
/// <item>Appending to a log that has ended, or that does not exist, fails: at once, or at the latest on the next
/// append or end for that report (appends may be pipelined).</item>
/// <item>A read never ends between the two halves of a surrogate pair; the end is reported only with a slice that
/// reaches it. A read after the log's end is an empty slice at the log's length (so a reader learns it holds text the
/// log never had). A report without a log reads as null.</item>
/// <item>The first end stands: ending an ended log, or a log that is gone, changes nothing.</item>
/// <item>Waiting completes once text follows the given sequence number, the log ends, or the log is removed or
/// replaced; it completes at once when there is no log.</item>
/// </list>
/// </remarks>
public interface IChunkLog
{
    /// <summary>Starts the log of a report's version 1 seeded with the text already written; an unfinished log is kept as it is.</summary>
    ValueTask OpenAsync(string reportId, string seedText, CancellationToken cancellationToken) =>
        OpenAsync(reportId, 1, seedText, resumed: false, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string, int, string, bool, CancellationToken)"/> for version 1.</summary>
    ValueTask OpenAsync(string reportId, string seedText, bool resumed, CancellationToken cancellationToken) =>
        OpenAsync(reportId, 1, seedText, resumed, cancellationToken);

    /// <summary>
    /// Starts the log of the report's <paramref name="version"/> (a report has one log, of the version being written:
    /// a new version's log replaces the ended one, and every slice says which version it is from);
    /// <paramref name="resumed"/> says the seed is a save that viewers may have read past (the process that wrote more
    /// died): a new log then remembers the seed's length in <see cref="LogSlice.ResumedAt"/>, so a reader resuming
    /// beyond it is told to drop what it holds after it.
    /// </summary>
    ValueTask OpenAsync(string reportId, int version, string seedText, bool resumed, CancellationToken cancellationToken);

    /// <summary>Appends a non-empty delta; <paramref name="progress"/> is the report's progress after it.</summary>
    ValueTask<Chunk> AppendAsync(string reportId, string delta, int progress, CancellationToken cancellationToken);

    /// <summary>
    /// What follows sequence number <paramref name="after"/>, coalesced into at most <paramref name="maxChars"/>
    /// characters (at least 2; one fewer rather than half a surrogate pair), with the log's end when it has ended and
    /// the slice reaches it; null when this report has no log.
    /// </summary>
    ValueTask<LogSlice?> ReadAsync(string reportId, int after, int maxChars, CancellationToken cancellationToken);

    /// <summary>Completes once something follows <paramref name="after"/>, the log ends, or the log is gone.</summary>
    Task WaitAsync(string reportId, int after, CancellationToken cancellationToken);

    /// <summary>Ends the log: done, failed or cancelled. Readers see the end after the last chunk.</summary>
    ValueTask EndAsync(string reportId, LogEnd end, CancellationToken cancellationToken);

    /// <summary>Forgets a report's log (readers then fall back to the store).</summary>
    ValueTask RemoveAsync(string reportId, CancellationToken cancellationToken);

    /// <summary>True when the log answers.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

/// <summary>One appended delta: it covers [<see cref="Offset"/>, <see cref="Seq"/>) of the text.</summary>
public readonly record struct Chunk(int Offset, string Delta, int Progress)
{
    public int Seq => Offset + Delta.Length;
}

/// <summary>Text read from a log: it starts at <see cref="Offset"/> and ends at <see cref="Seq"/>.</summary>
public sealed record LogSlice(int Offset, string Text, int Progress, LogEnd? End)
{
    public int Seq => Offset + Text.Length;

    /// <summary>Where a resumed log's text begins to differ from what a viewer of the process before may hold; null otherwise.</summary>
    public int? ResumedAt { get; init; }

    /// <summary>The report version the log holds: offsets and sequence numbers count within it.</summary>
    public int Version { get; init; } = 1;
}

/// <summary>How a log ended.</summary>
public sealed record LogEnd(ReportStatus Status, string? Message = null, bool Retryable = true);
