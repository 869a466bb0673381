using Blazar.Generation;
using Blazar.Reports;
using Blazar.Tests.Storage;
using Blazar.Writers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Tests.Redis;

/// <summary>
/// The Blazar instances of one test, as a fleet: the shared redis-server under a key prefix of their own for streams,
/// and a PostgreSQL database of their own on the shared cluster for reports. Every instance writes at full speed behind
/// the fleet's one <see cref="Gate"/>, so a report taken over by another instance is still held where the test holds it.
/// </summary>
internal sealed class BlazarCluster(RedisServer server, PostgresServer postgres) : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static readonly Spec Spec = new()
    {
        Title = "Q3 churn review",
        Summary = "Why churn rose in Q3 and what to do",
        Audience = "leadership",
        Sections = ["Executive summary", "Drivers", "Recommendations"],
        Data = "month,churn\nJul,2.1\nAug,2.6\nSep,3.4\n",
    };

    private readonly List<BlazarInstance> _instances = [];
    private readonly CancellationTokenSource _done = new();
    private string? _database;

    public string Prefix { get; } = $"test-{Guid.NewGuid():N}:";

    /// <summary>In front of the writer of every instance of this fleet.</summary>
    public WriterGate Gate { get; } = new();

    /// <summary>Cancelled when the test ends: stops the viewers it left running.</summary>
    public CancellationToken Token => _done.Token;

    public async Task<BlazarInstance> StartAsync(params string[] settings)
    {
        _database ??= await postgres.CreateDatabaseAsync();
        var instance = await BlazarInstance.StartAsync(server.Configuration, _database, Prefix, Gate, settings);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>What the offline writer writes for a spec in one go, with nothing in the way.</summary>
    public static async Task<string> OfflineTextAsync(Spec? spec = null)
    {
        await using var reference = BlazarApp.Build(["--Blazar:Writer=offline", "--Blazar:Offline:CharsPerSecond=0"]);
        var client = reference.Services.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync(ReportPrompt.For(SpecValidator.Normalize(spec ?? Spec)));
        return response.Text;
    }

    public async ValueTask DisposeAsync()
    {
        await _done.CancelAsync();
        Gate.OpenAll();
        foreach (var instance in _instances)
            await instance.DisposeAsync();
        _done.Dispose();
    }
}
