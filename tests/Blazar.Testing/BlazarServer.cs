using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Testing;

/// <summary>
/// A real Blazar on a loopback port with its own SQLite file, and an admin seeded with an API token: the one way
/// every test suite starts it.
/// </summary>
public sealed class BlazarServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BlazarServer(WebApplication app, string databasePath, string adminToken)
    {
        _app = app;
        DatabasePath = databasePath;
        AdminToken = adminToken;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Client = NewClient();
    }

    /// <summary>An API token of the admin every test server seeds; <see cref="Client"/> and <see cref="NewClient"/> send it.</summary>
    public string AdminToken { get; }

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public string DatabasePath { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts Blazar with <paramref name="settings"/> (keys under <c>Blazar:</c> without the prefix) and any other
    /// command-line <paramref name="arguments"/> (a model key, log levels); <paramref name="configure"/> may add to
    /// its services before it is built (a <see cref="WriterGate"/>, a log collector). With <paramref name="seedAdmin"/>
    /// false it starts with no account at all, as a first run does.
    /// </summary>
    public static async Task<BlazarServer> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null, string? databasePath = null, Action<WebApplicationBuilder>? configure = null,
        IEnumerable<string>? arguments = null, bool adminToken = true, bool seedAdmin = true)
    {
        databasePath ??= Path.Combine(TempFolder.Create(), "blazar.db");
        var values = new Dictionary<string, string>
        {
            ["Sqlite:Path"] = databasePath,
            ["Offline:CharsPerSecond"] = "0",
        };
        foreach (var (key, value) in seedAdmin ? TestAccounts.Settings : new Dictionary<string, string>())
            values[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            values[key] = value;
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            .. values.Select(kv => $"--Blazar:{kv.Key}={kv.Value}"),
            .. arguments ?? [],
        ];
        var app = BlazarApp.Build(args, configure);
        await app.StartAsync();
        return new BlazarServer(app, databasePath, adminToken && seedAdmin ? await TestAccounts.AdminTokenAsync(app.Services) : "");
    }

    /// <summary>A client of its own (a second browser, say), signed in as the admin, with no timeout so streams can stay open.</summary>
    public HttpClient NewClient()
    {
        var client = AnonymousClient();
        TestAccounts.Authorize(client, AdminToken);
        return client;
    }

    /// <summary>A client that is nobody: no token, no cookie.</summary>
    public HttpClient AnonymousClient() => new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _app.StopAsync(stop.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
