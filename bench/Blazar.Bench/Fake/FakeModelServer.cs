using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Blazar.Bench.Fake;

/// <summary>
/// A fake model on real Kestrel (127.0.0.1, port 0). <c>POST /v1/messages</c> streams <see cref="Plan"/> in the
/// Anthropic format to Blazar; <c>GET /baseline/{key}</c> streams a shared <see cref="Broadcast"/> in the same
/// format straight to viewers: the baseline, a relay with nothing in it but one process fanning out.
/// </summary>
internal sealed class FakeModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Broadcast> _broadcasts = new();
    private int _streams;

    private FakeModelServer(WebApplication app) => _app = app;

    /// <summary>What the next model streams play.</summary>
    public StreamPlan Plan { get; set; } = StreamPlan.Open(Script.Create(10, 40, stamped: false), 0);

    /// <summary>Model streams started so far.</summary>
    public int StreamsServed => Volatile.Read(ref _streams);

    public Uri Address { get; private set; } = null!;

    public static async Task<FakeModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeModelServer(app);
        app.MapPost("/v1/messages", server.MessagesAsync);
        app.MapGet("/baseline/{key}", server.BaselineAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address);
        return server;
    }

    /// <summary>Starts a shared stream that viewers join at <c>/baseline/{key}</c>; it plays once <paramref name="plan"/>'s gate opens.</summary>
    public Broadcast StartBroadcast(string key, StreamPlan plan)
    {
        var broadcast = new Broadcast(plan);
        _broadcasts[key] = broadcast;
        broadcast.Run();
        return broadcast;
    }

    public void EndBroadcasts() => _broadcasts.Clear();

    private async Task MessagesAsync(HttpContext context)
    {
        Interlocked.Increment(ref _streams);
        var plan = Plan;
        var cancellation = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        var body = context.Response.Body;
        await body.WriteAsync(AnthropicFrames.Start("bench-fake"), cancellation);
        await body.WriteAsync(AnthropicFrames.Delta(plan.Script.Header), cancellation);
        await body.FlushAsync(cancellation);
        await plan.PlayBodyAsync(async (delta, ct) =>
        {
            await body.WriteAsync(AnthropicFrames.Delta(delta), ct);
            await body.FlushAsync(ct);
        }, cancellation);
        await body.WriteAsync(AnthropicFrames.Stop(plan.Script.Body.Count + 1), cancellation);
        await body.FlushAsync(cancellation);
    }

    private async Task BaselineAsync(string key, HttpContext context)
    {
        if (!_broadcasts.TryGetValue(key, out var broadcast))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var cancellation = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        var frames = broadcast.Subscribe();
        try
        {
            var body = context.Response.Body;
            await foreach (var frame in frames.ReadAllAsync(cancellation))
            {
                await body.WriteAsync(frame, cancellation);
                await body.FlushAsync(cancellation);
            }
        }
        finally
        {
            broadcast.Unsubscribe(frames);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One stream shared by many viewers: each delta is stamped and framed once, then queued to every subscriber.</summary>
    internal sealed class Broadcast(StreamPlan plan)
    {
        private readonly Lock _gate = new();
        private readonly List<Channel<byte[]>> _subscribers = [];
        private readonly byte[] _opening = [.. AnthropicFrames.Start("bench-fake"), .. AnthropicFrames.Delta(plan.Script.Header)];
        private bool _ended;

        public ChannelReader<byte[]> Subscribe()
        {
            var channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
            channel.Writer.TryWrite(_opening);
            lock (_gate)
            {
                if (_ended)
                    channel.Writer.TryComplete();
                else
                    _subscribers.Add(channel);
            }
            return channel.Reader;
        }

        public void Unsubscribe(ChannelReader<byte[]> reader)
        {
            lock (_gate)
                _subscribers.RemoveAll(c => c.Reader == reader);
        }

        public void Run() => _ = Task.Run(async () =>
        {
            await plan.PlayBodyAsync((delta, _) =>
            {
                Send(AnthropicFrames.Delta(delta));
                return ValueTask.CompletedTask;
            }, CancellationToken.None);
            Send(AnthropicFrames.Stop(plan.Script.Body.Count + 1));
            lock (_gate)
            {
                _ended = true;
                foreach (var channel in _subscribers)
                    channel.Writer.TryComplete();
            }
        });

        private void Send(byte[] frame)
        {
            lock (_gate)
                foreach (var channel in _subscribers)
                    channel.Writer.TryWrite(frame);
        }
    }
}
