using System.Text.Json;
using Blazar.Extensions;
using Blazar.Hub;
using Blazar.Storage;
using StackExchange.Redis;

namespace Blazar.Redis;

/// <summary>
/// Manifest changes across instances: every change is published on one Redis channel, and each instance hands
/// what it hears to its own hub pages (its own changes included, so every page sees one order).
/// </summary>
internal sealed class RedisHubFeed : IHubFeed
{
    private readonly MemoryHubFeed _local = new();
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly Task _subscribed;

    public RedisHubFeed(IConnectionMultiplexer redis, RedisKeys keys)
    {
        _redis = redis;
        _keys = keys;
        _subscribed = SubscribeAsync();
    }

    public async ValueTask PublishAsync(HubMessage message, CancellationToken cancellationToken) =>
        await _redis.GetSubscriber().PublishAsync(_keys.HubChannel, JsonSerializer.Serialize(message, BlazarJson.Options));

    public async IAsyncEnumerable<HubMessage> ListenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Registered before the first await, so nothing published after the caller started listening is missed.
        var messages = _local.ListenAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = messages.MoveNextAsync();
        try
        {
            await _subscribed.WaitAsync(cancellationToken);
            while (await next)
            {
                yield return messages.Current;
                next = messages.MoveNextAsync();
            }
        }
        finally
        {
            await messages.DisposeAsync();
        }
    }

    private async Task SubscribeAsync()
    {
        // One queue, handled in order, so a report's progress never appears to go backwards on a hub.
        var queue = await _redis.GetSubscriber().SubscribeAsync(_keys.HubChannel);
        queue.OnMessage(message =>
        {
            if (JsonSerializer.Deserialize<HubMessage>((string)message.Message!, BlazarJson.Options) is { } change)
                _local.Deliver(change);
        });
    }
}
