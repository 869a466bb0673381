using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text;
using Blazar.Streaming;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Streaming;

/// <summary>
/// The live tail is a broadcast: each chunk is framed and encoded once, every caught-up viewer gets the same bytes,
/// and a viewer that falls behind leaves it, catches up from the log and joins again (in-process chunk log).
/// </summary>
public sealed class BroadcastTests : IAsyncLifetime
{
    private BlazarServer _server = null!;

    public async Task InitializeAsync() => _server = await BlazarServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Caught_up_viewers_get_identical_bytes_the_platforms_sse_framing_of_each_chunk_and_exactly_the_text()
    {
        var report = await DrivenReport.StartAsync(_server.Services.GetService!, "<!doctype html><html><body>");
        await BroadcastScenarios.IdenticalBytesAsync(_server.BaseAddress, _server.AdminToken, _server.Get<ReportBroadcasts>(), report);
    }

    [Fact]
    public async Task A_viewer_that_falls_behind_catches_up_from_the_log_rejoins_and_ends_with_exactly_the_text()
    {
        var report = await DrivenReport.StartAsync(_server.Services.GetService!, "<!doctype html><html><body>");
        await BroadcastScenarios.FallBehindAndRejoinAsync(_server.BaseAddress, _server.AdminToken, _server.Get<ReportBroadcasts>(), report);
    }

    [Fact]
    public async Task The_broadcast_ends_with_its_last_viewer()
    {
        var report = await DrivenReport.StartAsync(_server.Services.GetService!, "<!doctype html>");
        var broadcasts = _server.Get<ReportBroadcasts>();
        await using (var viewer = RawViewer.Follow(_server.BaseAddress, _server.AdminToken, report.Id))
        {
            await Wait.UntilAsync(() => Task.FromResult(broadcasts.Find(report.Id)?.Viewers ?? 0), n => n == 1, because: "the viewer never joined the broadcast");
        }
        await Wait.UntilAsync(() => Task.FromResult(broadcasts.Find(report.Id)), b => b is null, because: "the broadcast outlived its viewers");
    }
}

/// <summary>The broadcast's behaviour, the same against each chunk log.</summary>
internal static class BroadcastScenarios
{
    private static readonly string[] Pieces = ["<p>Revenue rose ", "😀 in the north", "; é and ü stay exact.</p>\n", "<h2>Drivers</h2>", "<td>1,200</td>"];

    public static async Task IdenticalBytesAsync(Uri server, string token, ReportBroadcasts broadcasts, DrivenReport report)
    {
        var viewers = Enumerable.Range(0, 10).Select(_ => RawViewer.Follow(server, token, report.Id)).ToList();
        try
        {
            await Wait.UntilAsync(() => Task.FromResult(broadcasts.Find(report.Id)?.Viewers ?? 0), n => n == viewers.Count,
                because: "the viewers never all joined the broadcast");
            var expected = new List<SseItem<string>> { SseEvents.ChunkItem(report.Text, 0, 0, 1) };
            for (var i = 0; i < 60; i++)
            {
                var offset = report.Length;
                var delta = Pieces[i % Pieces.Length];
                await report.AppendAsync(delta);
                expected.Add(SseEvents.ChunkItem(delta, offset, Math.Min(90, 10 + report.Length / 1000), 1));
                // Each chunk reaches every viewer before the next is written, so none can fall behind.
                foreach (var viewer in viewers)
                    await viewer.WaitForLengthAsync(report.Length, "a viewer never got a chunk");
            }
            await report.FinishAsync();
            foreach (var viewer in viewers)
                await viewer.WaitForEndAsync();
            expected.Add(SseEvents.From(report.Id, new FeedEvent.Ended(new LogEnd(Blazar.Reports.ReportStatus.Done), report.Length)));

            var first = WithoutPings(viewers[0].Bytes);
            Assert.Equal(await FramedAsync(expected), first); // the bytes TypedResults.ServerSentEvents would write, chunk by chunk
            Assert.All(viewers, v => Assert.Equal(first, WithoutPings(v.Bytes)));
            Assert.All(viewers, v => Assert.Equal(report.Text, v.Text));
        }
        finally
        {
            foreach (var viewer in viewers)
                await viewer.DisposeAsync();
        }
    }

    public static async Task FallBehindAndRejoinAsync(Uri server, string token, ReportBroadcasts broadcasts, DrivenReport report)
    {
        await using var slow = RawViewer.Follow(server, token, report.Id, receiveBuffer: 2048);
        await using var keeping = RawViewer.Follow(server, token, report.Id);
        await Wait.UntilAsync(() => Task.FromResult(broadcasts.Find(report.Id)?.Viewers ?? 0), n => n == 2, because: "the viewers never joined the broadcast");
        var behind = broadcasts.FellBehind;

        // The slow viewer stops reading; the report goes on, in deltas of about a thousand characters, until the
        // broadcast lets it go (its socket and the server's buffers are full long before 8 MB).
        slow.Pause();
        var paragraph = new StringBuilder();
        while (paragraph.Length < 1000)
            paragraph.Append(CultureInfo.InvariantCulture, $"<p>Row {paragraph.Length}: revenue rose 😀 in the north; é and ü stay exact.</p>\n");
        var delta = paragraph.ToString();
        while (broadcasts.FellBehind == behind && report.Length < 8_000_000)
            await report.AppendAsync(delta);
        await Wait.UntilAsync(() => Task.FromResult(broadcasts.FellBehind), n => n > behind, TimeSpan.FromSeconds(60), "the viewer that stopped reading never fell behind");
        for (var i = 0; i < 100; i++)
            await report.AppendAsync(delta);

        // It reads again: it catches up from the log, coalesced, and joins the broadcast again.
        slow.Resume();
        await slow.WaitForLengthAsync(report.Length, "the slow viewer never caught up");
        await keeping.WaitForLengthAsync(report.Length, "the viewer that kept reading never caught up");
        await Wait.UntilAsync(() => Task.FromResult(broadcasts.Find(report.Id)?.Viewers ?? 0), n => n == 2, because: "the viewer that fell behind never rejoined");
        var rejoinedAt = slow.Events.Count;
        for (var i = 0; i < 5; i++)
        {
            await report.AppendAsync(Pieces[i]);
            await slow.WaitForLengthAsync(report.Length, "a chunk after rejoining never arrived");
        }
        await report.FinishAsync();
        await slow.WaitForEndAsync();
        await keeping.WaitForEndAsync();

        Assert.Equal(report.Text, slow.Text);
        Assert.Equal(report.Text, keeping.Text);
        Assert.Equal("done", slow.Events[^1].Type);
        var chunks = slow.Events.Where(e => e.Type == "chunk").ToList();
        Assert.Contains(chunks, c => c.Delta.Length > delta.Length); // caught up from the log: several deltas in one event
        Assert.All(chunks, c => Assert.InRange(c.Delta.Length, 1, ReportFeed.MaxEventChars));
        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c.Delta[^1]), "a slice ends in half a surrogate pair"));
        // Back in the broadcast, each chunk arrives as it was published.
        Assert.Equal(Pieces, slow.Events.Skip(rejoinedAt).Where(e => e.Type == "chunk").Select(c => c.Delta));
    }

    private static async Task<byte[]> FramedAsync(IEnumerable<SseItem<string>> items)
    {
        using var bytes = new MemoryStream();
        await SseFormatter.WriteAsync(items.ToAsyncEnumerable(), bytes);
        return bytes.ToArray();
    }

    private static byte[] WithoutPings(byte[] bytes) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("event: ping\ndata: \n\n", "", StringComparison.Ordinal));
}
