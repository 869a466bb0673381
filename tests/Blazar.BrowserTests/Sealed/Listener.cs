using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Blazar.BrowserTests.Sealed;

/// <summary>
/// A server on another loopback port that counts every TCP connection it accepts and every HTTP request line it
/// reads, and answers each request with an empty page: the attacker a report tries to reach, or a link's destination.
/// </summary>
internal sealed class Listener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _accepting;
    private int _accepted;

    public Listener()
    {
        _listener.Start();
        Origin = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary><c>http://127.0.0.1:port</c>, without a trailing slash.</summary>
    public string Origin { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>The request lines read so far ("GET /path HTTP/1.1").</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>What reached this listener, for an assertion message.</summary>
    public override string ToString() => $"{Accepted} connection(s), requests: [{string.Join("; ", Requests)}]";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            _ = AnswerAsync(socket);
        }
    }

    private async Task AnswerAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } requestLine)
            {
                _requests.Enqueue(requestLine);
                while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 })
                {
                    // headers: nothing here needs them
                }
                const string Page = "<!doctype html><title>Elsewhere</title><p>Elsewhere</p>";
                var response = $"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {Page.Length}\r\nConnection: close\r\n\r\n{Page}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            // the browser dropped a connection it only opened, or the test is over
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
