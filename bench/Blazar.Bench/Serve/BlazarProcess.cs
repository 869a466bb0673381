using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Blazar.Bench.Serve;

/// <summary>
/// Blazar in a child process (this program with <c>--serve</c>), so its memory and CPU are its own and
/// not the viewers'. Real Kestrel on 127.0.0.1 port 0, a SQLite file in a temporary folder.
/// </summary>
internal sealed class BlazarProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly System.Net.CookieContainer _cookies = new();

    // The admin the benchmark's Blazar seeds; its reports are shared by link, so viewers (and the browser) need no sign-in.
    private const string AdminEmail = "bench@blazar.test";
    private const string AdminPassword = "bench-password-1";

    private BlazarProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    private async Task SignInAsync()
    {
        using var response = await _http.PostAsJsonAsync("/api/account/login", new { email = AdminEmail, password = AdminPassword });
        response.EnsureSuccessStatusCode();
    }

    public Uri Address { get; }

    /// <summary>A client for Blazar's API (one connection reused, a minute's timeout).</summary>
    public HttpClient Http => _http;

    /// <summary>The benchmark admin's session cookies, for a browser that opens pages needing sign-in (the hub).</summary>
    public IEnumerable<System.Net.Cookie> SessionCookies => _cookies.GetAllCookies();

    /// <summary>A client signed in as the benchmark's admin, without a timeout, for load that holds streams open.</summary>
    public HttpClient NewSignedInClient() =>
        new(new SocketsHttpHandler { CookieContainer = _cookies, MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = Address, Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Starts Blazar; <paramref name="settings"/> are extra configuration (<c>Blazar:Storage=redis</c>…).</summary>
    public static async Task<BlazarProcess> StartAsync(string dataFolder, Uri fakeModel, string modelClient, IEnumerable<string> settings)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            start.ArgumentList.Add(typeof(BlazarProcess).Assembly.Location);
        string[] args =
        [
            "--serve",
            "--urls", "http://127.0.0.1:0",
            "--fake-url", fakeModel.ToString(),
            "--model-client", modelClient,
            $"--Blazar:Sqlite:Path={Path.Combine(dataFolder, "blazar.db")}",
            "--Blazar:MaxConcurrentGenerations=100",
            $"--Blazar:Auth:AdminEmail={AdminEmail}",
            $"--Blazar:Auth:AdminPassword={AdminPassword}",
            "--Blazar:Quotas:MaxActivePerUser=0",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            .. modelClient == "anthropic"
                ? new[] { "--Blazar:Writer=anthropic", $"--Blazar:Anthropic:BaseUrl={fakeModel}", "--ANTHROPIC_API_KEY=bench-dummy-key" }
                : [],
            .. settings.Select(s => "--" + s),
        ];
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Blazar.");
        _ = Echo(process.StandardError);
        var ready = ReadAddressAsync(process);
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(60))) != ready || await ready is not { } address)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("Blazar did not start (see its output above).");
        }
        _ = Echo(process.StandardOutput);
        var blazar = new BlazarProcess(process, new Uri(address));
        await blazar.SignInAsync();
        return blazar;
    }

    private static async Task<string?> ReadAddressAsync(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ServeMode.Ready, StringComparison.Ordinal))
                return line[ServeMode.Ready.Length..];
            await Console.Error.WriteLineAsync("[blazar] " + line);
        }
        return null;
    }

    private static async Task Echo(StreamReader output)
    {
        while (await output.ReadLineAsync() is { } line)
            await Console.Error.WriteLineAsync("[blazar] " + line);
    }

    public Uri Events(string id) => new(Address, $"/api/reports/{id}/events");

    /// <summary>Starts a report; returns its id.</summary>
    public async Task<string> CreateReportAsync(string title)
    {
        using var response = await _http.PostAsJsonAsync("/api/reports", new { title, summary = "benchmark" });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        using var shared = await _http.PatchAsJsonAsync($"/api/reports/{id}", new { visibility = "link" });
        shared.EnsureSuccessStatusCode();
        return id;
    }

    public async Task<(string Status, int Length)> ReportAsync(string id)
    {
        var entry = await _http.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        return (entry.GetProperty("status").GetString()!, entry.GetProperty("length").GetInt32());
    }

    /// <summary>Waits until every report is done; false on timeout.</summary>
    public async Task<bool> AllDoneAsync(IEnumerable<string> ids, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            while ((await ReportAsync(id)).Status != "done")
            {
                if (deadline.Elapsed > timeout)
                    return false;
                await Task.Delay(50);
            }
        }
        return true;
    }

    /// <summary>Prepares a baseline broadcast in the server process (see <see cref="BaselineApi"/>).</summary>
    public async Task<Uri> CreateBaselineAsync(string group, string key, int deltas, int chars, double rate)
    {
        var query = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"deltas={deltas}&chars={chars}&rate={rate}");
        using var response = await _http.PostAsync($"/bench/baseline/{group}/{key}?{query}", null);
        response.EnsureSuccessStatusCode();
        return new Uri(Address, $"/bench/baseline/{key}");
    }

    public async Task StartBaselineAsync(string group)
    {
        using var response = await _http.PostAsync($"/bench/baseline/{group}/start", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Starts the writer path's delay measurement over (see <see cref="PublishLag"/>).</summary>
    public async Task ResetPublishLagAsync()
    {
        using var response = await _http.PostAsync("/bench/publish-lag/reset", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every publish lag since the last reset, in microseconds.</summary>
    public async Task<int[]> PublishLagAsync() => (await _http.GetFromJsonAsync<int[]>("/bench/publish-lag"))!;

    public Task<string> StoredHtmlAsync(string id) => _http.GetStringAsync($"/r/{id}/raw");

    /// <summary>
    /// Memory and CPU now; after a full GC when <paramref name="collect"/>, which also gives back the GC's free committed
    /// space when <paramref name="decommit"/> (what a viewer costs, without the GC's budget moving under the figure), and
    /// the native allocator's free memory when <paramref name="trimNative"/> (see <see cref="NativeHeap"/>).
    /// </summary>
    public async Task<Stats> StatsAsync(bool collect = false, bool decommit = false, bool trimNative = false) =>
        (await _http.GetFromJsonAsync<Stats>(!collect ? "/bench/stats" : $"/bench/gc?decommit={(decommit ? "true" : "false")}&trim={(trimNative ? "true" : "false")}", Web))!;

    /// <summary>
    /// Runs <paramref name="round"/> until one compiles fewer than <paramref name="settledShare"/> more methods than
    /// all compiled before it, at most <paramref name="maxRounds"/> times: a fresh process's tier-up of the paths that
    /// load takes, which is not what the load costs once it runs. Returns how many rounds ran.
    /// </summary>
    public async Task<int> RunUntilJitSettlesAsync(Func<Task> round, double settledShare, int maxRounds)
    {
        var compiled = (await StatsAsync()).JitMethods;
        for (var rounds = 1; ; rounds++)
        {
            await round();
            var now = (await StatsAsync()).JitMethods;
            if (now - compiled < now * settledShare || rounds == maxRounds)
                return rounds;
            compiled = now;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    internal sealed record Stats(long WorkingSet, long GcHeap, long GcCommitted, double CpuMilliseconds, int Threads, long JitMethods);
}
