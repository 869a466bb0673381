using Blazar.Streaming;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Blazar.Tests.Streaming;

/// <summary>
/// The shared heartbeat: a quiet broadcast pings all its viewers at once, within the contract's 15 s (design §2) but
/// no more often than it must, since each round costs a send to every idle viewer.
/// </summary>
public sealed class BroadcastHeartbeatTests
{
    [Fact]
    public async Task A_quiet_broadcast_pings_every_13_to_14_seconds_and_never_leaves_a_viewer_15_seconds_without_an_event()
    {
        var time = new FakeTimeProvider();
        var log = new MemoryChunkLog(time);
        await log.OpenAsync("quiet", 1, "<html>", resumed: false, CancellationToken.None);
        using var broadcasts = new ReportBroadcasts(log, time, NullLogger<ReportBroadcast>.Instance);
        var viewer = new BroadcastViewer();
        Assert.NotNull(broadcasts.Join("quiet", 1, "<html>".Length, viewer));

        var last = viewer.Cursor;
        var quiet = 0;
        var gaps = new List<int>();
        for (var second = 1; second <= 60; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            quiet++;
            while (last.Next is { } next)
            {
                Assert.Equal(FrameKind.Ping, next.Kind);
                gaps.Add(quiet);
                quiet = 0;
                last = next;
            }
            Assert.True(quiet < 15, $"no event for {quiet} s");
        }
        Assert.Equal(4, gaps.Count);
        Assert.All(gaps, gap => Assert.InRange(gap, 13, 14));
    }
}
