using Blazar.Extensions;

namespace Blazar.Writers;

/// <summary>
/// <c>GET /api/info</c>: which writer is in use, so the pages can say when reports are written offline, and whether
/// its model API answers (<c>reachable</c>: null while unknown), so they can say when it cannot be reached.
/// </summary>
internal static class WriterInfoApi
{
    public sealed record Info(string Writer, bool Offline, bool? Reachable, string? Problem);

    public static IEndpointRouteBuilder MapWriterInfo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/info", (IConfiguration configuration, ModelReachability model) =>
        {
            var writer = WriterOptions.Chosen(configuration);
            var latest = model.Latest;
            return TypedResults.Json(new Info(writer, writer == "offline", latest?.Reachable, latest?.Problem), BlazarJson.Options);
        });
        return app;
    }
}
