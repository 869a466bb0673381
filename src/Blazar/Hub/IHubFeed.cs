namespace Blazar.Hub;

/// <summary>Carries manifest changes to every hub page, on this instance and (with Redis) on the others.</summary>
public interface IHubFeed
{
    ValueTask PublishAsync(HubMessage message, CancellationToken cancellationToken);

    /// <summary>The changes published from now on, until <paramref name="cancellationToken"/> fires.</summary>
    IAsyncEnumerable<HubMessage> ListenAsync(CancellationToken cancellationToken);
}
