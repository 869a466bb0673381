using System.Text.Json;
using Blazar.Extensions;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Blazar.Health;

/// <summary>
/// <c>GET /healthz/live</c>: the process answers (no dependency is asked). <c>GET /healthz/ready</c>, and
/// <c>/healthz</c> the same: the store and the chunk log answer. 200 when healthy, 503 otherwise, with each check's status.
/// </summary>
internal static class HealthApi
{
    public const string Path = "/healthz";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthExtensions.ReadyTag), ResponseWriter = WriteAsync };
        app.MapHealthChecks(Path, ready);
        app.MapHealthChecks(Path + "/ready", ready);
        app.MapHealthChecks(Path + "/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => new Check(Status(e.Value.Status), e.Value.Description ?? e.Value.Exception?.Message, Math.Round(e.Value.Duration.TotalMilliseconds, 1)));
        var body = new Body(
            Status(report.Status),
            report.Entries.TryGetValue(HealthExtensions.StoreCheck, out var store) ? store.Status == HealthStatus.Healthy : null,
            report.Entries.TryGetValue(HealthExtensions.ChunkLogCheck, out var log) ? log.Status == HealthStatus.Healthy : null,
            Writers.WriterOptions.Chosen(context.RequestServices.GetRequiredService<IConfiguration>()),
            checks);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, BlazarJson.Options, context.RequestAborted);
    }

    private static string Status(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "ok",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    private sealed record Body(string Status, bool? Store, bool? ChunkLog, string Writer, Dictionary<string, Check> Checks);

    private sealed record Check(string Status, string? Description, double DurationMs);
}
