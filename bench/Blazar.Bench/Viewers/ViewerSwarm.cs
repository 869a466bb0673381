using System.Net;

namespace Blazar.Bench.Viewers;

/// <summary>Many viewers: connected a few at a time, then waited on together.</summary>
internal sealed class ViewerSwarm : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Viewer> _viewers = [];

    /// <summary>One client for every viewer: a connection each, never pooled away, never timed out.</summary>
    public static HttpClient NewClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    public IReadOnlyList<Viewer> Viewers => _viewers;

    /// <summary>Starts a viewer on each url, at most <paramref name="connectingAtOnce"/> connecting at a time.</summary>
    public static ViewerSwarm Start(HttpClient http, IEnumerable<Uri> urls, StreamKind kind, bool keepText = false, int connectingAtOnce = 64)
    {
        var swarm = new ViewerSwarm();
        var connecting = new SemaphoreSlim(connectingAtOnce);
        foreach (var url in urls)
            swarm._viewers.Add(Viewer.Start(http, url, kind, keepText, connecting, swarm._stop.Token));
        return swarm;
    }

    /// <summary>Waits until every viewer has its first text; false on timeout.</summary>
    public async Task<bool> AllConnectedAsync(TimeSpan timeout) =>
        await WaitAsync(_viewers.Select(v => v.FirstChunk), timeout) && _viewers.All(v => v.Failure is null);

    /// <summary>Waits until every viewer has seen the end of its stream; false on timeout.</summary>
    public Task<bool> AllEndedAsync(TimeSpan timeout) => WaitAsync(_viewers.Select(v => v.Completion), timeout);

    public int Ended => _viewers.Count(v => v.Ended);
    public int Failed => _viewers.Count(v => v.Failure is not null);

    public string? FirstFailure => _viewers.Select(v => v.Failure).FirstOrDefault(f => f is not null);

    public int[] Latencies() => [.. _viewers.SelectMany(v => v.Latencies)];

    private static async Task<bool> WaitAsync(IEnumerable<Task> tasks, TimeSpan timeout)
    {
        var all = Task.WhenAll(tasks);
        var finished = await Task.WhenAny(all, Task.Delay(timeout));
        return finished == all;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await WaitAsync(_viewers.Select(v => v.Completion), TimeSpan.FromSeconds(30));
        _stop.Dispose();
    }
}
