using Blazar.Generation;
using Blazar.Reports;
using Blazar.Tests.Storage;
using Blazar.Writers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Tests.Redis;

/// <summary>
/// The Blazar instances of one test, as a fleet: the shared redis-server under a key prefix of their own for streams,
/// and a PostgreSQL database of their own on the shared cluster for reports.
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

    /// <summary>Cancelled when the test ends: stops the viewers it left running.</summary>
    public CancellationToken Token => _done.Token;

    public async Task<BlazarInstance> StartAsync(int charsPerSecond, params string[] settings)
    {
        _database ??= await postgres.CreateDatabaseAsync();
        var instance = await BlazarInstance.StartAsync(server.Configuration, _database, Prefix, charsPerSecond, settings);
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
        foreach (var instance in _instances)
            await instance.DisposeAsync();
        _done.Dispose();
    }
}
