using System.Threading.Channels;

namespace Blazar.Bench.Fake;

/// <summary>
/// The baseline: one stream shared by many viewers, with nothing else in the way. Each delta is stamped and
/// framed once, then queued to every subscriber, whose request writes and flushes it.
/// </summary>
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

    /// <summary>Writes the broadcast to one subscriber until it ends or the subscriber leaves.</summary>
    public async Task ServeAsync(HttpContext context)
    {
        var cancellation = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        var frames = Subscribe();
        try
        {
            var body = context.Response.Body;
            await foreach (var frame in frames.ReadAllAsync(cancellation))
            {
                await body.WriteAsync(frame, cancellation);
                await body.FlushAsync(cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            Unsubscribe(frames);
        }
    }
}
