using System.Text.Json;
using Blazar.Bench;
using Blazar.Bench.Fake;
using Blazar.Bench.Reporting;
using Blazar.Bench.Scenarios;
using Blazar.Bench.Serve;

if (args.Contains("--serve"))
    return await ServeMode.RunAsync(args);

var options = BenchOptions.Parse(args);
var machine = Machine.Describe();
var started = DateTimeOffset.UtcNow;
Console.Error.WriteLine($"Blazar bench, {options.Mode} run, on {machine}");
var dataRoot = Directory.CreateTempSubdirectory("blazar-bench-").FullName;
var sections = new List<Section>();
await using (var fake = await StampedModelServer.StartAsync())
await using (var bench = new BenchContext(options, fake, dataRoot))
{
    await BenchRun.RunAllAsync(bench, sections);
}
try
{
    Directory.Delete(dataRoot, recursive: true);
}
catch (IOException)
{
}

var markdown = BenchRun.Markdown(options, machine, started, sections);
Console.WriteLine(markdown);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(new
{
    mode = options.Mode,
    machine,
    started,
    finished = DateTimeOffset.UtcNow,
    sections = sections.Select(s => new { s.Key, s.Title, s.Passed, s.Rows, s.Notes }),
}, new JsonSerializerOptions(JsonSerializerDefaults.Web)
{
    WriteIndented = true,
    NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
}));
Console.Error.WriteLine($"Results written to {options.Output}");
return sections.All(s => s.Passed) ? 0 : 1;
