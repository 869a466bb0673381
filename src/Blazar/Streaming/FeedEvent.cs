using Blazar.Reports;

namespace Blazar.Streaming;

/// <summary>What a report stream tells its viewer (design §2, "The report stream").</summary>
public abstract record FeedEvent
{
    private FeedEvent() { }

    /// <summary>Text from <see cref="Offset"/>; <see cref="Seq"/> is both its event id and the length after it.</summary>
    public sealed record Text(string Delta, int Offset, int Progress) : FeedEvent
    {
        public int Seq => Offset + Delta.Length;

        /// <summary>The report version the text belongs to.</summary>
        public int Version { get; init; } = 1;
    }

    public sealed record Ended(LogEnd End, int Length) : FeedEvent
    {
        public int Version { get; init; } = 1;
    }

    /// <summary>
    /// The viewer holds text beyond <see cref="Length"/> that was never saved, or (at 0) text of another version: it
    /// drops it, and what follows starts there.
    /// </summary>
    public sealed record Reset(int Length) : FeedEvent
    {
        public int Version { get; init; } = 1;
    }

    /// <summary>Nothing happened for a heartbeat interval: a sign of life for the viewer's connection.</summary>
    public sealed record Ping : FeedEvent;

    /// <summary>The report was deleted (or never existed).</summary>
    public sealed record Gone : FeedEvent;

    public static FeedEvent FromEnd(LogEnd end, int length, int version = 1) => new Ended(end, length) { Version = version };

    public static LogEnd EndOf(Report report) => report.Status switch
    {
        ReportStatus.Done => new LogEnd(ReportStatus.Done),
        ReportStatus.Cancelled => new LogEnd(ReportStatus.Cancelled, report.Error ?? "Stopped before it was finished."),
        _ => new LogEnd(ReportStatus.Failed, report.Error ?? "The report failed."),
    };
}
