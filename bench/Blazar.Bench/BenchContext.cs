using Blazar.Bench.Fake;
using Blazar.Bench.Serve;
using Blazar.Bench.Viewers;

namespace Blazar.Bench;

/// <summary>What every part of the benchmark shares: the fake model, the viewers' client, where Blazar keeps its data.</summary>
internal sealed class BenchContext(BenchOptions options, StampedModelServer fake, string dataRoot) : IAsyncDisposable
{
    private int _folders;

    public BenchOptions Options { get; } = options;
    public StampedModelServer Fake { get; } = fake;
    public HttpClient Viewers { get; } = ViewerSwarm.NewClient();

    /// <summary>Extra Blazar settings for the storage under test (empty: SQLite and the in-process log).</summary>
    public IReadOnlyList<string> StorageSettings { get; set; } = [];

    public string StorageName { get; set; } = "sqlite";

    /// <summary>A fresh Blazar with an empty data folder.</summary>
    public Task<BlazarProcess> StartBlazarAsync() => StartBlazarAsync(NewDataFolder());

    /// <summary>Blazar on an existing data folder (a restart).</summary>
    public Task<BlazarProcess> StartBlazarAsync(string dataFolder) =>
        BlazarProcess.StartAsync(dataFolder, Fake.Address, Options.ModelClient, Settings);

    /// <summary>The storage settings and any <c>--set</c> ones.</summary>
    public IEnumerable<string> Settings => StorageSettings.Concat(Options.Settings);

    public string NewDataFolder()
    {
        var folder = Path.Combine(dataRoot, $"blazar-{Interlocked.Increment(ref _folders)}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public ValueTask DisposeAsync()
    {
        Viewers.Dispose();
        return ValueTask.CompletedTask;
    }
}
