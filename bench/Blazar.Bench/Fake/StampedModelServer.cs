using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Blazar.Bench.Fake;

/// <summary>
/// The gated, stamping fake model the latency measurements need (Blazar.FakeModel streams a script at a
/// pace but cannot hold a stream at a gate or stamp its text). A fake model on real Kestrel (127.0.0.1, port 0): <c>POST /v1/messages</c> streams <see cref="Plan"/> in the
/// Anthropic format, the header delta at once, the body when the plan's gate opens, with a <c>ping</c> every
/// few seconds while it waits (as the real API does, and so a writer's stall detector stays quiet).
/// </summary>
internal sealed class StampedModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StampedModelServer(WebApplication app) => _app = app;

    /// <summary>What the next model streams play.</summary>
    public StreamPlan Plan { get; set; } = StreamPlan.Open(Script.Create(10, 40, stamped: false), 0);

    public Uri Address { get; private set; } = null!;

    public static async Task<StampedModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new StampedModelServer(app);
        app.MapPost("/v1/messages", server.MessagesAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address);
        return server;
    }

    private async Task MessagesAsync(HttpContext context)
    {
        var plan = Plan;
        var cancellation = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        var body = context.Response.Body;
        await body.WriteAsync(AnthropicFrames.Start("bench-fake"), cancellation);
        await body.WriteAsync(AnthropicFrames.Delta(plan.Script.Header), cancellation);
        await body.FlushAsync(cancellation);
        await plan.PlayBodyAsync(async (delta, ct) =>
        {
            await body.WriteAsync(AnthropicFrames.Delta(delta), ct);
            await body.FlushAsync(ct);
        }, cancellation, async ct =>
        {
            await body.WriteAsync(AnthropicFrames.Ping, ct);
            await body.FlushAsync(ct);
        });
        await body.WriteAsync(AnthropicFrames.Stop(plan.Script.Body.Count + 1), cancellation);
        await body.FlushAsync(cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
