namespace Blazar.Bench;

/// <summary>How big each part of the benchmark is: <c>--smoke</c> (CI), <c>--quick</c> (under 2 minutes) or full.</summary>
internal sealed record BenchOptions
{
    public required string Mode { get; init; }
    public required (int Reports, int ViewersEach)[] RelayCases { get; init; }
    public double RelayDeltasPerSecond { get; init; } = 20;
    public required double RelaySeconds { get; init; }

    /// <summary>How many turns of <see cref="RelaySeconds"/> the baseline and Blazar each take at each relay case.</summary>
    public int RelayRounds { get; init; } = 1;

    public required int[] FanOutSteps { get; init; }
    public double FanOutDeltasPerSecond { get; init; } = 2;
    public required double FanOutLiveSeconds { get; init; }
    public double FanOutIdleSeconds { get; init; } = 2;

    /// <summary>How long after the viewers connected the idle window may start (one round of pings); then it waits for the JIT to be quiet.</summary>
    public double FanOutSettleSeconds { get; init; } = 16;
    public required int ReplayDeltas { get; init; }
    public required int ReplayRepeats { get; init; }
    public required int Generations { get; init; }
    public required double GenerationSeconds { get; init; }
    public double GenerationTokensPerSecond { get; init; } = 100;
    public required int RenderChunks { get; init; }
    public required double RenderChunksPerSecond { get; init; }
    public int HubReports { get; init; } = 100;
    public int HubGenerating { get; init; } = 20;

    /// <summary>Reports seeded for the storage part, and list and search requests timed on each database.</summary>
    public required int SeedReports { get; init; }
    public required int StorageRequests { get; init; }

    /// <summary>The databases the storage part measures: SQLite always, and <c>postgres</c> with <c>--storage postgres</c>.</summary>
    public HashSet<string> Storage { get; init; } = ["sqlite"];

    /// <summary>How long the soak holds its load, and its size (generations at once, viewers, other clients).</summary>
    public required double SoakSeconds { get; init; }
    public required int SoakGenerations { get; init; }
    public required int SoakViewers { get; init; }
    public required int SoakClients { get; init; }

    /// <summary>Which parts run (relay, fanout, replay, generation, render); all by default.</summary>
    public HashSet<string> Only { get; init; } = [];

    /// <summary>Also run relay and fan-out against a fleet's settings (<c>Blazar:Streams=redis</c>, <c>Blazar:Storage=postgres</c>).</summary>
    public bool Redis { get; init; }

    /// <summary><c>real</c> (Blazar's /r/{id}), <c>copy</c> (the bench's copy of its approach) or <c>auto</c>.</summary>
    public string Viewer { get; init; } = "auto";

    /// <summary><c>anthropic</c> (Blazar's own Anthropic writer pointed at the fake) or <c>bench</c> (a minimal client in the bench).</summary>
    public string ModelClient { get; init; } = "anthropic";

    /// <summary>Extra Blazar settings (<c>--set Blazar:SaveIntervalMilliseconds=60000</c>, repeatable), for experiments.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    public string Output { get; init; } = Path.Combine("artifacts", "bench", "results.json");

    public bool Runs(string part) => Only.Count == 0 || Only.Contains(part);

    public static BenchOptions Parse(string[] args)
    {
        var mode = args.Contains("--smoke") ? "smoke" : args.Contains("--quick") ? "quick" : "full";
        var options = mode switch
        {
            "smoke" => new BenchOptions
            {
                Mode = mode,
                RelayCases = [(1, 1), (2, 5)],
                RelaySeconds = 1,
                FanOutSteps = [50],
                FanOutLiveSeconds = 1,
                FanOutIdleSeconds = 1,
                FanOutSettleSeconds = 1,
                ReplayDeltas = 400,
                ReplayRepeats = 3,
                Generations = 5,
                GenerationSeconds = 1,
                RenderChunks = 200,
                RenderChunksPerSecond = 400,
                SeedReports = 300,
                StorageRequests = 20,
                SoakSeconds = 5,
                SoakGenerations = 10,
                SoakViewers = 50,
                SoakClients = 5,
                HubReports = 10,
                HubGenerating = 2,
            },
            "quick" => new BenchOptions
            {
                Mode = mode,
                RelayCases = [(1, 1), (1, 100), (1, 1000), (100, 10)],
                RelaySeconds = 3,
                FanOutSteps = [1000, 2500],
                FanOutLiveSeconds = 2,
                FanOutIdleSeconds = 4,
                ReplayDeltas = 4000,
                ReplayRepeats = 10,
                Generations = 100,
                GenerationSeconds = 5,
                RenderChunks = 4000,
                RenderChunksPerSecond = 1000,
                SeedReports = 10_000,
                StorageRequests = 100,
                SoakSeconds = 30,
                SoakGenerations = 100,
                SoakViewers = 1000,
                SoakClients = 50,
            },
            _ => new BenchOptions
            {
                Mode = mode,
                RelayCases = [(1, 1), (1, 100), (1, 1000), (100, 10)],
                RelaySeconds = 10,
                RelayRounds = 2,
                FanOutSteps = [1000, 2500, 5000, 10000],
                FanOutLiveSeconds = 5,
                FanOutIdleSeconds = 27, // two heartbeat rounds
                ReplayDeltas = 4000,
                ReplayRepeats = 30,
                Generations = 100,
                GenerationSeconds = 20,
                RenderChunks = 4000,
                RenderChunksPerSecond = 250,
                SeedReports = 10_000,
                StorageRequests = 300,
                SoakSeconds = 120,
                SoakGenerations = 100,
                SoakViewers = 1000,
                SoakClients = 50,
            },
        };
        return options with
        {
            Only = Value(args, "--only") is { } only ? [.. only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [],
            Redis = args.Contains("--redis"),
            Storage = Value(args, "--storage") is { } storage ? ["sqlite", .. storage.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : options.Storage,
            SeedReports = Value(args, "--seed-reports") is { } seed ? int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture) : options.SeedReports,
            SoakSeconds = Value(args, "--soak-seconds") is { } soak ? double.Parse(soak, System.Globalization.CultureInfo.InvariantCulture) : options.SoakSeconds,
            FanOutSteps = Value(args, "--fanout-steps") is { } steps ? [.. steps.Split(',').Select(int.Parse)] : options.FanOutSteps,
            FanOutIdleSeconds = Value(args, "--fanout-idle-seconds") is { } idle ? double.Parse(idle, System.Globalization.CultureInfo.InvariantCulture) : options.FanOutIdleSeconds,
            FanOutDeltasPerSecond = Value(args, "--fanout-rate") is { } rate ? double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) : options.FanOutDeltasPerSecond,
            Viewer = Value(args, "--viewer") ?? "auto",
            ModelClient = Value(args, "--model-client") ?? options.ModelClient,
            Output = Value(args, "--out") ?? options.Output,
            RelayCases = Value(args, "--relay-cases") is { } cases
                ? [.. cases.Split(',').Select(c => c.Split('x')).Select(c => (int.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture)))]
                : options.RelayCases,
            Settings = [.. args.Select((a, i) => (a, i)).Where(p => p.a == "--set" && p.i + 1 < args.Length).Select(p => args[p.i + 1])],
        };
    }

    private static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
