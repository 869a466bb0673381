using System.IO.Pipelines;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Streaming;

/// <summary>
/// A viewer of a report stream that keeps the exact bytes it was sent as well as its events, and that can stop
/// reading (its socket's receive buffer is small, so the server soon has to hold what it sends) and start again.
/// </summary>
internal sealed class RawViewer : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly MemoryStream _bytes = new();
    private readonly List<StreamEvent> _events = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _reading = Open();
    private Task _run = Task.CompletedTask;

    private RawViewer(Uri server, string token, int receiveBuffer)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = receiveBuffer, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        TestAccounts.Authorize(_http, token);
    }

    /// <summary>Follows a report on <paramref name="server"/> as the holder of API <paramref name="token"/>.</summary>
    public static RawViewer Follow(Uri server, string token, string reportId, int receiveBuffer = 64 * 1024)
    {
        var viewer = new RawViewer(server, token, receiveBuffer);
        viewer._run = viewer.RunAsync(reportId);
        return viewer;
    }

    public byte[] Bytes
    {
        get
        {
            lock (_gate)
                return _bytes.ToArray();
        }
    }

    public IReadOnlyList<StreamEvent> Events
    {
        get
        {
            lock (_gate)
                return [.. _events];
        }
    }

    /// <summary>Where the text this viewer holds ends (the last chunk's length).</summary>
    public int Length
    {
        get
        {
            lock (_gate)
                return _events.LastOrDefault(e => e.Type == "chunk")?.Length ?? 0;
        }
    }

    public bool Ended
    {
        get
        {
            lock (_gate)
                return _events.Any(e => e.Type is "done" or "error");
        }
    }

    public void Pause() => Interlocked.Exchange(ref _reading, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Resume() => Volatile.Read(ref _reading).TrySetResult();

    public Task WaitForLengthAsync(int length, string because) =>
        Wait.UntilAsync(() => Task.FromResult(Length), n => n >= length || _run.IsCompleted, TimeSpan.FromSeconds(60), because);

    public Task WaitForEndAsync() => _run.WaitAsync(TimeSpan.FromSeconds(60));

    private async Task RunAsync(string reportId)
    {
        using var response = await ReportStream.OpenAsync(_http, $"/api/reports/{reportId}/events", cancellationToken: _stop.Token);
        await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
        var pipe = new Pipe();
        var parse = ParseAsync(pipe.Reader.AsStream());
        var buffer = new byte[16 * 1024];
        while (!Ended)
        {
            await Volatile.Read(ref _reading).Task.WaitAsync(_stop.Token);
            var read = await body.ReadAsync(buffer, _stop.Token);
            if (read == 0)
                break;
            lock (_gate)
                _bytes.Write(buffer, 0, read);
            await pipe.Writer.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
        await pipe.Writer.CompleteAsync();
        await parse;
    }

    private async Task ParseAsync(Stream stream)
    {
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(_stop.Token))
        {
            if (item.EventType == "ping")
                continue;
            var e = new StreamEvent(item.EventType, item.EventId, JsonDocument.Parse(item.Data).RootElement.Clone());
            lock (_gate)
                _events.Add(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }
        _http.Dispose();
        _stop.Dispose();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.TrySetResult();
        return open;
    }

    /// <summary>The text the chunks add up to (each must start where the previous one ended).</summary>
    public string Text => ReportStream.Text(Events);

    /// <summary>Bytes as text, for messages.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Bytes);
}
