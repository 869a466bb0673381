using System.Net.Http.Json;
using Blazar.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using IServer = Microsoft.AspNetCore.Hosting.Server.IServer;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Blazar.Tests.Redis;

/// <summary>One Blazar instance on real Kestrel (127.0.0.1, a free port) sharing state through Redis.</summary>
internal sealed class BlazarInstance : IAsyncDisposable
{
    private bool _disposed;

    private BlazarInstance(WebApplication app, Uri address)
    {
        App = app;
        Http = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public static async Task<BlazarInstance> StartAsync(string redisConfiguration, string keyPrefix, int charsPerSecond, params string[] settings)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Blazar:Storage=redis",
            $"--Blazar:Redis:Configuration={redisConfiguration}",
            $"--Blazar:Redis:KeyPrefix={keyPrefix}",
            "--Blazar:Redis:LeaseSeconds=2",
            "--Blazar:Writer=offline",
            $"--Blazar:Offline:CharsPerSecond={charsPerSecond}",
            "--Blazar:SaveIntervalMilliseconds=500",
            "--Logging:LogLevel:Default=Warning",
            .. settings.Select(s => "--" + s),
        ];
        var app = BlazarApp.Build(args);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BlazarInstance(app, new Uri(address));
    }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

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
        Http.Dispose();
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await App.StopAsync(stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or RedisException)
            {
                // a crashed instance cannot stop cleanly, which is the point
            }
        }
        await App.DisposeAsync();
    }

    private sealed record Created(string Id, string Url, string EventsUrl);
}
