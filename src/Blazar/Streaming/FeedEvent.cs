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
    }

    public sealed record Ended(LogEnd End, int Length) : FeedEvent;

    /// <summary>The viewer holds text beyond <see cref="Length"/> that was never saved: it drops it, and what follows starts there.</summary>
    public sealed record Reset(int Length) : FeedEvent;

    /// <summary>Nothing happened for a heartbeat interval: a sign of life for the viewer's connection.</summary>
    public sealed record Ping : FeedEvent;

    /// <summary>The report was deleted (or never existed).</summary>
    public sealed record Gone : FeedEvent;

    public static FeedEvent FromEnd(LogEnd end, int length) => new Ended(end, length);

    public static LogEnd EndOf(Report report) => report.Status switch
    {
        ReportStatus.Done => new LogEnd(ReportStatus.Done),
        ReportStatus.Cancelled => new LogEnd(ReportStatus.Cancelled, report.Error ?? "Stopped before it was finished."),
        _ => new LogEnd(ReportStatus.Failed, report.Error ?? "The report failed."),
    };
}
