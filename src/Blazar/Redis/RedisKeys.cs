using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Blazar.Redis;

/// <summary>The names of everything Blazar keeps in Redis, in one place.</summary>
internal sealed class RedisKeys(IOptions<RedisOptions> options)
{
    private readonly string _prefix = options.Value.KeyPrefix;

    /// <summary>Identifies this process in lease values, so an instance recognises its own claims.</summary>
    public string Instance { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Stream: a report's chunk log.</summary>
    public RedisKey Log(string id) => _prefix + "log:" + id;

    /// <summary>String: the instance that owns a report's generation, with a time to live.</summary>
    public RedisKey Lease(string id) => _prefix + "lease:" + id;

    /// <summary>String: a pending request to stop a report, for whichever instance runs it next.</summary>
    public RedisKey CancelRequest(string id) => _prefix + "cancel:" + id;

    /// <summary>Channel: "something was appended to this report's log".</summary>
    public RedisChannel LogChannel(string id) => RedisChannel.Literal(LogChannelName(id));

    /// <summary>The name of <see cref="LogChannel"/>, for scripts that publish to it.</summary>
    public string LogChannelName(string id) => _prefix + "log:" + id;

    /// <summary>Channel: manifest changes for every hub.</summary>
    public RedisChannel HubChannel => RedisChannel.Literal(_prefix + "hub");

    /// <summary>Channel: requests to stop a report, heard by every instance.</summary>
    public RedisChannel CancelChannel => RedisChannel.Literal(_prefix + "cancel");
}
