using Blazar.Extensions;

namespace Blazar.Writers;

/// <summary><c>GET /api/info</c>: which writer is in use, so the pages can say when reports are written offline.</summary>
internal static class WriterInfoApi
{
    public sealed record Info(string Writer, bool Offline);

    public static IEndpointRouteBuilder MapWriterInfo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/info", (IConfiguration configuration) =>
        {
            var writer = WriterOptions.Chosen(configuration);
            return TypedResults.Json(new Info(writer, writer == "offline"), BlazarJson.Options);
        });
        return app;
    }
}
