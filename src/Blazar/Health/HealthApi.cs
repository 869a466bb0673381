using Blazar.Extensions;
using Blazar.Storage;
using Blazar.Streaming;

namespace Blazar.Health;

/// <summary><c>GET /healthz</c>: 200 when the store and the chunk log answer, 503 otherwise.</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Check);
        return app;
    }

    private static async Task<IResult> Check(IReportStore store, IChunkLog log, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var storeOk = await Answers(() => store.PingAsync(cancellationToken));
        var logOk = await Answers(() => log.PingAsync(cancellationToken));
        var body = new { status = storeOk && logOk ? "ok" : "unhealthy", store = storeOk, chunkLog = logOk, writer = Writers.WriterOptions.Chosen(configuration) };
        return TypedResults.Json(body, BlazarJson.Options, statusCode: storeOk && logOk ? 200 : 503);
    }

    private static async Task<bool> Answers(Func<Task<bool>> ping)
    {
        try
        {
            return await ping().WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false; // unhealthy is the answer, not an error
        }
    }
}
