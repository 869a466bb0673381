using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Bench.Reporting;
using Blazar.Bench.Serve;
using Blazar.Bench.Storage;
using Blazar.Bench.Viewers;
using Blazar.FakeModel;
using Blazar.Testing;

namespace Blazar.Bench.Scenarios;

/// <summary>
/// The durable store with many reports in it, on SQLite and (with <c>--storage postgres</c>) PostgreSQL in the same
/// run: the hub's list and search over the seeded reports, one request at a time, then the time a save of a report's
/// text takes while many reports are written at once (and list and search again meanwhile).
/// </summary>
internal static class StorageBench
{
    public const double ListTargetMs = 50;
    public const double SearchTargetMs = 100;

    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var options = bench.Options;
        var section = new Section("storage", $"Storage: {options.SeedReports:N0} reports of 10–20 KB, list and search one request at a time, saves with {options.Generations} reports written at once");
        var p99 = new Dictionary<(string Storage, string Measure), double>();
        await MeasureAsync(bench, section, "sqlite", [], p99);
        if (options.Storage.Contains("postgres"))
        {
            await using var postgres = await PostgresServer.StartAsync();
            await MeasureAsync(bench, section, "postgres", ["Blazar:Storage=postgres", $"Blazar:Postgres:ConnectionString={await postgres.CreateDatabaseAsync()}"], p99);
            foreach (var ((storage, measure), value) in p99.Where(p => p.Key.Storage == "postgres"))
            {
                if (p99.TryGetValue(("sqlite", measure), out var sqlite))
                    section.Notes.Add($"{measure}: PostgreSQL p99 is {value / sqlite:0.00}× SQLite's ({value:0.0} against {sqlite:0.0} ms).");
            }
        }
        section.Notes.Add($"Seeded straight into the store (its rows and search index, 500 reports a transaction), HTML of 10–20 KB whose words follow Zipf's law over {SeedText.VocabularySize:N0} words. List: `GET /api/reports?scope=all` (the hub's request, as an admin who sees every seeded report, a page of 1,000) and `?limit=50`. Search: `GET /api/reports?q=` (at most 50 results), {SeedText.Queries.Count} queries from a word in every report to one in a few, and pairs. Save: every write of a report's text (periodic, every 2 s, and final), timed in the server around the store. Server CPU per request (Blazar's process only, so not the database server's for PostgreSQL): its CPU time over the requests, which the machine's load does not inflate as it does the wall time. Targets: list p99 < {ListTargetMs} ms, search p99 < {SearchTargetMs} ms, with the store idle.");
        return section;
    }

    private static async Task MeasureAsync(BenchContext bench, Section section, string storage, string[] settings, Dictionary<(string, string), double> p99)
    {
        var options = bench.Options;
        const int charsPerToken = 5;
        var text = FakeModelServer.SampleReport((int)(options.GenerationTokensPerSecond * options.GenerationSeconds * charsPerToken)).TrimEnd();
        var pace = new FakeModelOptions { Script = _ => text, TokensPerSecond = options.GenerationTokensPerSecond, CharsPerToken = charsPerToken };
        await using var model = await FakeModelServer.StartAsync(pace);
        await using var blazar = await BlazarProcess.StartAsync(bench.NewDataFolder(), model.BaseUrl, options.ModelClient, [.. settings, .. bench.Settings]);
        Console.Error.WriteLine($"  storage ({storage}): seeding {options.SeedReports:N0} reports");
        var seedClock = Stopwatch.StartNew();
        var seededChars = 0L;
        for (var from = 0; from < options.SeedReports; from += 1000)
        {
            using var seeded = await blazar.Http.PostAsync($"/bench/seed?count={Math.Min(1000, options.SeedReports - from)}&chars=10000&from={from}", null);
            seeded.EnsureSuccessStatusCode();
            seededChars += (await seeded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chars").GetInt64();
        }
        section.Notes.Add($"{storage}: seeded {options.SeedReports:N0} reports ({seededChars / 1e6:0} MB of HTML) in {seedClock.Elapsed.TotalSeconds:0} s.");
        var requests = new (string Measure, Func<int, string> Url, double Target)[]
        {
            ("list", _ => "/api/reports?scope=all", ListTargetMs),
            ("list 50", _ => "/api/reports?scope=all&limit=50", double.NaN),
            ("search", i => "/api/reports?scope=all&q=" + Uri.EscapeDataString(SeedText.Queries[i % SeedText.Queries.Count].Query), SearchTargetMs),
        };
        foreach (var (measure, url, _) in requests)
            await TimeAsync(blazar.Http, url, SeedText.Queries.Count, section, storage, measure); // warm-up
        foreach (var (measure, url, target) in requests)
        {
            var cpu = (await blazar.StatsAsync()).CpuMilliseconds;
            var times = await TimeAsync(blazar.Http, url, options.StorageRequests, section, storage, measure);
            cpu = ((await blazar.StatsAsync()).CpuMilliseconds - cpu) / options.StorageRequests;
            Add(section, storage, measure, "idle", times, target, cpu);
            p99[(storage, measure)] = times.P99Ms;
        }
        // The slowest query, for where the time goes.
        var byQuery = SeedText.Queries.Select(q => (q.Query, q.Rank, Times: new List<int>())).ToList();
        for (var i = 0; i < 3; i++)
        {
            foreach (var (query, _, times) in byQuery)
                times.Add(await TimeOneAsync(blazar.Http, "/api/reports?scope=all&q=" + Uri.EscapeDataString(query), section, storage, "search"));
        }
        var slowest = byQuery.OrderByDescending(q => q.Times.Order().ElementAt(1)).First();
        section.Notes.Add($"{storage}: the slowest search is \"{slowest.Query}\" (its rarest word the {slowest.Rank}th most frequent), median of 3: {slowest.Times.Order().ElementAt(1) / 1000.0:0.0} ms; the fastest query's median {byQuery.Min(q => q.Times.Order().ElementAt(1)) / 1000.0:0.0} ms.");
        await SearchesFindAsync(blazar.Http, section, storage);

        // Saves, while many reports are written at once; list and search go on meanwhile, one request at a time.
        await blazar.Http.GetAsync("/bench/saves"); // start counting now
        var ids = new List<string>();
        for (var i = 0; i < options.Generations; i++)
            ids.Add(await blazar.CreateReportAsync($"storage {i}"));
        await using var swarm = ViewerSwarm.Start(bench.Viewers, ids.Select(blazar.Events), StreamKind.Blazar);
        var ended = swarm.AllEndedAsync(TimeSpan.FromSeconds(options.GenerationSeconds + 120));
        var underLoad = requests.ToDictionary(r => r.Measure, _ => new List<int>());
        for (var i = 0; !ended.IsCompleted; i++)
        {
            foreach (var (measure, url, _) in requests)
                underLoad[measure].Add(await TimeOneAsync(blazar.Http, url(i), section, storage, measure));
        }
        if (!await ended || swarm.Failed > 0)
            section.Fail($"{storage}: {swarm.Viewers.Count - swarm.Ended} reports did not finish ({swarm.FirstFailure ?? "timeout"})");
        var saves = Percentiles.Of(await blazar.Http.GetFromJsonAsync<int[]>("/bench/saves") ?? []);
        Add(section, storage, "save", $"{options.Generations} writing", saves, double.NaN);
        p99[(storage, "save")] = saves.P99Ms;
        foreach (var (measure, _, _) in requests)
            Add(section, storage, measure, $"{options.Generations} writing", Percentiles.Of([.. underLoad[measure]]), double.NaN);
    }

    private static void Add(Section section, string storage, string measure, string load, Percentiles times, double target, double cpuMs = double.NaN) => section.Add(new()
    {
        ["storage"] = storage,
        ["measure"] = measure,
        ["while"] = load,
        ["requests"] = times.Count,
        ["p50 ms"] = times.P50Ms,
        ["p99 ms"] = times.P99Ms,
        ["max ms"] = times.MaxMs,
        ["server CPU ms/request"] = cpuMs,
        ["target p99 ms"] = double.IsNaN(target) ? null : target,
        ["met"] = double.IsNaN(target) ? null : times.P99Ms < target,
    });

    private static async Task<Percentiles> TimeAsync(HttpClient http, Func<int, string> url, int count, Section section, string storage, string measure)
    {
        var times = new int[count];
        for (var i = 0; i < count; i++)
            times[i] = await TimeOneAsync(http, url(i), section, storage, measure);
        return Percentiles.Of(times);
    }

    /// <summary>One request, from sending it to holding the whole body, in microseconds.</summary>
    private static async Task<int> TimeOneAsync(HttpClient http, string url, Section section, string storage, string measure)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        var micros = (int)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        if (!response.IsSuccessStatusCode)
            section.Fail($"{storage} {measure}: {url} answered {(int)response.StatusCode}");
        GC.KeepAlive(body);
        return micros;
    }

    /// <summary>Every query finds something, each hit with a snippet: a fast search that finds nothing proves nothing.</summary>
    private static async Task SearchesFindAsync(HttpClient http, Section section, string storage)
    {
        foreach (var (query, _) in SeedText.Queries)
        {
            var hits = await http.GetFromJsonAsync<JsonElement[]>("/api/reports?scope=all&q=" + Uri.EscapeDataString(query)) ?? [];
            if (hits.Length == 0 || hits.Any(h => string.IsNullOrEmpty(h.GetProperty("snippet").GetString())))
                section.Fail($"{storage}: the search for \"{query}\" found {hits.Length} reports, or one without a snippet");
        }
    }
}
