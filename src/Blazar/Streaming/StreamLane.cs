using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Blazar.Streaming;

/// <summary>
/// Serves a long stream from the front of the pipeline. Its endpoint authorizes the viewer and sends the headers
/// with every middleware in place; the hours the stream then stays open run here, once the middlewares behind this
/// one have returned and the request's scope (its sign-in and authorization services among them) is let go. An idle
/// viewer otherwise holds each awaiting middleware's state and that scope for as long as it watches: about 2 KiB.
/// </summary>
internal sealed class StreamLane
{
    private Func<Task>? _stream;

    /// <summary>
    /// Has <paramref name="stream"/> run from the lane once the pipeline has returned (so the endpoint must not touch
    /// the request's services from it), or runs it now where there is no lane.
    /// </summary>
    public static Task HandOver(HttpContext context, Func<Task> stream)
    {
        if (context.Features.Get<StreamLane>() is not { _stream: null } lane)
            return stream();
        lane._stream = stream;
        return Task.CompletedTask;
    }

    // Not async: a request that is not a stream passes through with nothing kept here.
    public static Task Invoke(HttpContext context, RequestDelegate next)
    {
        var lane = new StreamLane();
        context.Features.Set(lane);
        var pipeline = next(context);
        return pipeline.IsCompletedSuccessfully && lane._stream is null ? pipeline : lane.RunAsync(pipeline, context);
    }

    private async Task RunAsync(Task pipeline, HttpContext context)
    {
        await pipeline;
        if (_stream is null)
            return;
        context.Features.Set<StreamLane>(null);
        await ReleaseRequestStateAsync(context);
        var streaming = _stream(); // the stream's own state from here: the delegate that started it is let go too
        _stream = null;
        await streaming;
    }

    /// <summary>What authorized the viewer, which the stream no longer needs: the caller's sign-in and the request's services.</summary>
    private static async ValueTask ReleaseRequestStateAsync(HttpContext context)
    {
        context.Features.Set<IAuthenticateResultFeature>(null);
        context.Features.Set<IHttpAuthenticationFeature>(null);
        if (context.Features.Get<IServiceProvidersFeature>() is IAsyncDisposable scope)
            await scope.DisposeAsync();
    }
}

internal static class StreamLaneExtensions
{
    /// <summary>Goes in front of the middlewares that await the rest of the pipeline (the error handler, the status-code page).</summary>
    public static IApplicationBuilder UseStreamLane(this IApplicationBuilder app) => app.Use(StreamLane.Invoke);
}
