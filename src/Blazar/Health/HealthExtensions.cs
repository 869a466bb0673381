using Blazar.Storage;
using Blazar.Streaming;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Blazar.Health;

internal static class HealthExtensions
{
    public const string ReadyTag = "ready";
    public const string StoreCheck = "store";
    public const string ChunkLogCheck = "chunkLog";

    /// <summary>A dependency that has not answered in this long is unhealthy.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Registers the readiness checks: the report store and the chunk log each answer a ping.</summary>
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(StoreCheck, s => new PingCheck(s.GetRequiredService<IReportStore>().PingAsync), HealthStatus.Unhealthy, [ReadyTag], CheckTimeout))
            .Add(new HealthCheckRegistration(ChunkLogCheck, s => new PingCheck(s.GetRequiredService<IChunkLog>().PingAsync), HealthStatus.Unhealthy, [ReadyTag], CheckTimeout));
        return builder;
    }

    private sealed class PingCheck(Func<CancellationToken, Task<bool>> ping) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await ping(cancellationToken).WaitAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, "did not answer the ping");
    }
}
