using System.Net.Http.Json;
using Blazar.Reports;
using Blazar.Tests.Infrastructure;
using StackExchange.Redis;

namespace Blazar.Tests.Redis;

/// <summary>One Blazar instance (a <see cref="BlazarServer"/>) sharing its state with the others through Redis.</summary>
internal sealed class BlazarInstance : IAsyncDisposable
{
    private readonly BlazarServer _server;
    private bool _disposed;

    private BlazarInstance(BlazarServer server) => _server = server;

    public HttpClient Http => _server.Client;

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The seeded admin's API token on this instance's database.</summary>
    public string AdminToken => _server.AdminToken;

    /// <summary>
    /// Starts an instance whose writer, at full speed, stands behind <paramref name="gate"/>; <paramref name="settings"/>
    /// are <c>Blazar:Key=value</c> pairs.
    /// </summary>
    public static async Task<BlazarInstance> StartAsync(
        string redisConfiguration, string postgresConnectionString, string keyPrefix, WriterGate gate, params string[] settings)
    {
        var values = new Dictionary<string, string>
        {
            ["Storage"] = "postgres",
            ["Postgres:ConnectionString"] = postgresConnectionString,
            ["Streams"] = "redis",
            ["Redis:Configuration"] = redisConfiguration,
            ["Redis:KeyPrefix"] = keyPrefix,
            ["Redis:LeaseSeconds"] = "2",
            ["Writer"] = "offline",
            ["Offline:CharsPerSecond"] = "0",
            ["SaveIntervalMilliseconds"] = "500",
        };
        foreach (var setting in settings)
        {
            var (key, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            values[key.StartsWith("Blazar:", StringComparison.Ordinal) ? key["Blazar:".Length..] : key] = value;
        }
        return new BlazarInstance(await BlazarServer.StartAsync(values, configure: builder => gate.Install(builder.Services)));
    }

    public T Get<T>() where T : notnull => _server.Get<T>();

    public IServiceProvider Services => _server.Services;

    public async Task<string> StartReportAsync(Spec spec)
    {
        var response = await Http.PostAsJsonAsync("/api/reports", spec);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Created>())!.Id;
    }

    public async Task<ReportEntry?> GetReportAsync(string id)
    {
        var response = await Http.GetAsync($"/api/reports/{id}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ReportEntry>(Blazar.Extensions.BlazarJson.Options) : null;
    }

    /// <summary>
    /// Dies the way a killed process does: its Redis connections drop at once, so it can neither write, renew its
    /// leases nor release them; then its host goes away without a graceful finish reaching Redis.
    /// </summary>
    public async Task CrashAsync()
    {
        Get<IConnectionMultiplexer>().Close(allowCommandsToComplete: false);
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            await _server.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or RedisException)
        {
            // a crashed instance cannot stop cleanly, which is the point
        }
    }

    private sealed record Created(string Id, string Url, string EventsUrl);
}
