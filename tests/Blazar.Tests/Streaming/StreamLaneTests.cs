using Blazar.Streaming;
using Blazar.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Tests.Streaming;

/// <summary>
/// An open report stream keeps nothing of the request that authorized it: the request's services (the caller's
/// sign-in and authorization state among them) are let go once the headers are out, and the stream goes on.
/// </summary>
public sealed class StreamLaneTests : IAsyncLifetime
{
    private readonly ScopeProbes _probes = new();
    private BlazarServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await BlazarServer.StartAsync(configure: b =>
        {
            b.Services.AddSingleton(_probes);
            b.Services.AddScoped<ScopeProbe>();
            b.Services.AddSingleton<IStartupFilter, ProbeEveryStream>();
        });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_viewer_signed_in_by_token_is_streamed_to_after_its_requests_scope_is_disposed()
    {
        var report = await DrivenReport.StartAsync(_server.Services.GetService!, "<!doctype html><p>first</p>");
        await using var viewer = RawViewer.Follow(_server.BaseAddress, _server.AdminToken, report.Id);
        await viewer.WaitForLengthAsync(report.Length, "the viewer never got the text written so far");

        var probe = await _probes.FirstAsync();
        await probe.Disposed.WaitAsync(TimeSpan.FromSeconds(30)); // before: only once the stream ended

        await report.AppendAsync("<p>second</p>");
        await viewer.WaitForLengthAsync(report.Length, "the stream stopped once its request's scope was let go");
        await report.FinishAsync();
        await viewer.WaitForEndAsync();
        Assert.Equal(report.Text, viewer.Text);
        Assert.Equal("done", viewer.Events[^1].Type);
    }

    /// <summary>A scoped service each stream request resolves first; it says when its scope is disposed.</summary>
    private sealed class ScopeProbe : IDisposable
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Disposed => _disposed.Task;

        public void Dispose() => _disposed.TrySetResult();
    }

    private sealed class ScopeProbes
    {
        private readonly TaskCompletionSource<ScopeProbe> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(ScopeProbe probe) => _first.TrySetResult(probe);

        public Task<ScopeProbe> FirstAsync() => _first.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>In front of Blazar's whole pipeline: resolves a probe in the request's scope of every report stream.</summary>
    private sealed class ProbeEveryStream(ScopeProbes probes) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, rest) =>
            {
                if (context.Request.Path.Value?.EndsWith("/events", StringComparison.Ordinal) == true && context.Request.Path.StartsWithSegments("/api/reports"))
                    probes.Add(context.RequestServices.GetRequiredService<ScopeProbe>());
                return rest(context);
            });
            next(app);
        };
    }
}
