using System.Diagnostics.Metrics;
using System.Net.Sockets;
using System.Text;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;
using Blazar.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Tests.Streaming;

/// <summary>A viewer costs the server a bounded amount, however large the report and however slowly it reads.</summary>
public sealed class SlowViewerTests : IAsyncLifetime
{
    private BlazarServer _server = null!;
    private string _id = "";
    private string _text = "";

    public async Task InitializeAsync()
    {
        // A short slow-viewer timeout, so a viewer that reads nothing is dropped soon.
        _server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["SlowViewerTimeoutSeconds"] = "2" });
        _text = BigReport(5_000_000); // more than the kernel buffers a loopback connection, so writes to a viewer that reads nothing block
        _id = await StoreFinishedAsync(_server, _text);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_large_finished_report_replays_in_bounded_slices_that_add_up_to_its_text()
    {
        var events = await ReportStream.FollowAsync(_server.Client, _id);

        var chunks = events.Where(e => e.Type == "chunk").ToList();
        Assert.True(chunks.Count > 100, $"{chunks.Count} events"); // before: one event of 5 M characters
        Assert.All(chunks, c => Assert.InRange(c.Delta.Length, 1, ReportFeed.MaxEventChars));
        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c.Delta[^1]), "a slice ends in half a surrogate pair"));
        Assert.Equal(_text, ReportStream.Text(events));
        Assert.Equal("done", events[^1].Type);
    }

    [Fact]
    public async Task Viewers_of_one_stored_report_share_one_copy_of_its_text()
    {
        var store = _server.Get<IReportStore>();
        var report = (await store.GetAsync(_id, default))!;
        var texts = _server.Get<StoredTexts>();

        Assert.Same(await texts.GetAsync(report, default), await texts.GetAsync(report, default));
    }

    [Fact]
    public async Task Viewers_that_never_read_are_dropped_and_the_others_are_served()
    {
        using var requests = new ActiveRequests(_server.Services.GetRequiredService<IMeterFactory>());
        var idle = requests.Count;
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048 };
                await socket.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
                await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /api/reports/{_id}/events HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nAuthorization: Bearer {_server.AdminToken}\r\n\r\n"));
                sockets.Add(socket); // and never read from
            }
            await Wait.UntilAsync(() => Task.FromResult(requests.Count), n => n >= idle + 20, because: "the viewers' requests never started");

            // Every one of them is dropped by the server (before: each pinned the whole report until it went away) ...
            await Wait.UntilAsync(() => Task.FromResult(requests.Count), n => n <= idle, timeout: TimeSpan.FromSeconds(60),
                because: "viewers that read nothing were never dropped");
            // ... while a viewer that reads gets everything.
            Assert.Equal(_text, ReportStream.Text(await ReportStream.FollowAsync(_server.NewClient(), _id)));
        }
        finally
        {
            foreach (var socket in sockets)
                socket.Dispose();
        }
    }

    private static string BigReport(int length)
    {
        var text = new StringBuilder("<!doctype html><html><body>");
        for (var i = 0; text.Length < length; i++)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p>Row {i}: revenue rose 😀 in the north; é and ü stay exact.</p>\n");
        return text.Append("</body></html>").ToString();
    }

    internal static async Task<string> StoreFinishedAsync(BlazarServer server, string text)
    {
        var store = server.Get<IReportStore>();
        var now = DateTimeOffset.UtcNow;
        var report = new Report(ReportId.New(), new Spec { Title = "Large" }, ReportStatus.Done, now, now, text.Length, 100);
        await store.CreateAsync(report, default);
        await store.UpdateAsync(report, text, default);
        return report.Id;
    }

    /// <summary>The server's own count of requests in progress (its <c>http.server.active_requests</c>).</summary>
    private sealed class ActiveRequests : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public ActiveRequests(IMeterFactory server)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument is { Name: "http.server.active_requests" } && instrument.Meter.Scope == server)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, delta, _, _) => Interlocked.Add(ref _count, delta));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
