using System.Diagnostics;
using System.Text;
using Blazar.Bench.Reporting;
using Blazar.Bench.Scenarios;
using Blazar.Bench.Serve;
using Blazar.Testing;

namespace Blazar.Bench;

/// <summary>Runs the parts of the benchmark in order and puts their tables together.</summary>
internal static class BenchRun
{
    public static async Task RunAllAsync(BenchContext bench, List<Section> sections)
    {
        var options = bench.Options;
        if (options.Runs("relay"))
            await RunAsync(sections, "relay", () => RelayBench.RunAsync(bench));
        if (options.Runs("fanout"))
            await RunAsync(sections, "fanout", () => FanOutBench.RunAsync(bench));
        if (options.Runs("replay"))
            await RunAsync(sections, "replay", () => ReplayBench.RunAsync(bench));
        if (options.Runs("generation"))
            await RunAsync(sections, "generation", () => GenerationBench.RunAsync(bench));
        if (options.Runs("render"))
            await RunAsync(sections, "render", () => RenderBench.RunAsync(bench));
        if (options.Runs("storage"))
            await RunAsync(sections, "storage", () => StorageBench.RunAsync(bench));
        if (options.Runs("soak"))
            await RunAsync(sections, "soak", () => SoakBench.RunAsync(bench));
        if (options.Runs("filter"))
            await RunAsync(sections, "filter", () => FilterBench.RunAsync(bench));
        if (options.Redis)
        {
            // A fleet's settings: reports in PostgreSQL, live streams in Redis.
            await using var redis = await RedisServer.StartAsync(durable: false);
            await using var postgres = await PostgresServer.StartAsync();
            bench.StorageName = "redis";
            bench.StorageSettings =
            [
                "Blazar:Storage=postgres", $"Blazar:Postgres:ConnectionString={await postgres.CreateDatabaseAsync()}",
                "Blazar:Streams=redis", $"Blazar:Redis:Configuration={redis.Configuration}",
            ];
            if (options.Runs("relay"))
                await RunAsync(sections, "relay-redis", () => RelayBench.RunAsync(bench));
            if (options.Runs("fanout"))
                await RunAsync(sections, "fanout-redis", () => FanOutBench.RunAsync(bench));
        }
    }

    private static async Task RunAsync(List<Section> sections, string name, Func<Task<Section>> part)
    {
        Console.Error.WriteLine($"== {name}");
        var clock = Stopwatch.StartNew();
        try
        {
            var section = await part();
            section.Notes.Add($"Took {clock.Elapsed.TotalSeconds:0} s.");
            sections.Add(section);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One broken part must not hide the others' figures; it fails the run instead.
            var section = new Section(name, name);
            section.Fail(ex.ToString());
            sections.Add(section);
        }
    }

    public static string Markdown(BenchOptions options, Reporting.Machine machine, DateTimeOffset started, List<Section> sections)
    {
        var text = new StringBuilder()
            .AppendLine($"## Blazar bench: {options.Mode} run, {started:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine($"Machine: {machine}.")
            .AppendLine();
        foreach (var section in sections)
            text.AppendLine(section.ToMarkdown());
        return text.ToString();
    }
}
