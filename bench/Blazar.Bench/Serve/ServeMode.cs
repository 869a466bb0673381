using System.Diagnostics;
using Blazar.Bench.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;

namespace Blazar.Bench.Serve;

/// <summary>
/// <c>--serve</c>: the child process the benchmark measures. It is Blazar as <see cref="BlazarApp.Build"/>
/// composes it, plus <c>/bench/stats</c> (its own memory and CPU), <c>/bench/gc</c> and the benchmark's pages.
/// It prints its address on standard output and stops when standard input closes.
/// </summary>
internal static class ServeMode
{
    public const string Ready = "BLAZAR-URL ";

    public static async Task<int> RunAsync(string[] args)
    {
        var fakeUrl = Value(args, "--fake-url");
        var modelClient = Value(args, "--model-client") ?? "bench";
        var blazarArgs = Strip(args, "--serve", "--fake-url", "--model-client");
        var app = BlazarApp.Build(blazarArgs, builder =>
        {
            TimedReportStore.Register(builder.Services);
            if (modelClient == "bench" && fakeUrl is not null)
            {
                var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };
                builder.Services.AddSingleton<IChatClient>(new FakeModelChatClient(http, new Uri(new Uri(fakeUrl), "/v1/messages")));
            }
        });
        // The benchmark's own endpoints are instruments, not Blazar's: they need no sign-in.
        var bench = app.MapGroup("").AllowAnonymous();
        BaselineApi.Map(bench);
        SeedApi.Map(bench);
        TimedReportStore.Map(bench);
        PublishLag.Map(bench);
        bench.MapGet("/bench/stats", () => TypedResults.Ok(ServerStats.Now()));
        bench.MapGet("/bench/gc", (bool? decommit, bool? trim) =>
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            // Aggressive also gives back the free space the GC keeps committed: its gen0 budget, sized from the L3
            // cache (tens of MiB on a machine reporting 260 MiB), which moves between two measurements.
            GC.Collect(2, decommit == true ? GCCollectionMode.Aggressive : GCCollectionMode.Forced, blocking: true, compacting: true);
            if (trim == true)
                NativeHeap.GiveBackFree();
            return TypedResults.Ok(ServerStats.Now());
        });
        bench.MapGet("/bench/page/{name}", (string name, HttpContext context) =>
        {
            var path = Path.Combine(AppContext.BaseDirectory, "pages", Path.GetFileName(name));
            if (!File.Exists(path))
                return Results.NotFound();
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-src 'self'";
            var type = name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/html; charset=utf-8";
            return Results.File(path, type);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.Out.WriteLine(Ready + address);
        Console.Out.Flush();
        // The benchmark closes our standard input when it is done with us.
        await Task.Run(() => Console.In.ReadToEnd());
        await app.StopAsync();
        return 0;
    }

    public static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string[] Strip(string[] args, params string[] names)
    {
        var kept = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (names.Contains(args[i]))
            {
                if (args[i] != "--serve")
                    i++;
                continue;
            }
            kept.Add(args[i]);
        }
        return [.. kept];
    }
}

/// <summary>
/// The server's own view of what it costs: working set, managed heap (live objects), the memory the GC holds
/// committed, CPU time and methods compiled so far.
/// </summary>
internal sealed record ServerStats(long WorkingSet, long GcHeap, long GcCommitted, double CpuMilliseconds, int Threads, long JitMethods)
{
    public static ServerStats Now()
    {
        using var process = Process.GetCurrentProcess();
        return new ServerStats(process.WorkingSet64, GC.GetTotalMemory(false), GC.GetGCMemoryInfo().TotalCommittedBytes, process.TotalProcessorTime.TotalMilliseconds, process.Threads.Count,
            System.Runtime.JitInfo.GetCompiledMethodCount());
    }
}
