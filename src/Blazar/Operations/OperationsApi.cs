using Blazar.Health;

namespace Blazar.Operations;

/// <summary>
/// The endpoints for operators and their tools, in one group so one access rule covers them all: health
/// (<c>/healthz</c>, <c>/healthz/live</c>, <c>/healthz/ready</c>) and, when enabled, Prometheus at <c>/metrics</c>.
/// None of them needs sign-in.
/// </summary>
internal static class OperationsApi
{
    public const string MetricsPath = "/metrics";

    public static RouteGroupBuilder MapOperations(this IEndpointRouteBuilder app)
    {
        var operations = app.MapGroup("").AllowAnonymous(); // probes and scrapers never sign in
        operations.MapHealth();
        if (MetricsOptions.PrometheusEnabled(app.ServiceProvider.GetRequiredService<IConfiguration>()))
            operations.MapPrometheusScrapingEndpoint(MetricsPath);
        return operations;
    }

    /// <summary>True for the operators' endpoints, which are polled often and not worth a trace each.</summary>
    public static bool IsOperational(PathString path) =>
        path.StartsWithSegments(HealthApi.Path) || path.StartsWithSegments(MetricsPath);
}
