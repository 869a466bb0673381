using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Blazar.Hub;

/// <summary>
/// Fans manifest changes out to the listeners of this process. A slow listener loses its oldest
/// progress updates rather than holding up the others.
/// </summary>
internal sealed class MemoryHubFeed : IHubFeed
{
    private readonly ConcurrentDictionary<Channel<HubMessage>, byte> _listeners = new();

    public ValueTask PublishAsync(HubMessage message, CancellationToken cancellationToken)
    {
        Deliver(message);
        return ValueTask.CompletedTask;
    }

    /// <summary>Hands a message to every listener of this process.</summary>
    public void Deliver(HubMessage message)
    {
        foreach (var listener in _listeners.Keys)
            listener.Writer.TryWrite(message);
    }

    public async IAsyncEnumerable<HubMessage> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<HubMessage>(new BoundedChannelOptions(256)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _listeners.TryAdd(channel, 0);
        try
        {
            await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken))
                yield return message;
        }
        finally
        {
            _listeners.TryRemove(channel, out _);
        }
    }
}
