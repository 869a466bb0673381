using Blazar.Telemetry;
using Blazar.Generation;
using Blazar.Writers.Providers;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Blazar.Operations;

internal static class TelemetryExtensions
{
    /// <summary>
    /// OpenTelemetry for Blazar: its own metrics (<see cref="BlazarMetrics"/>), ASP.NET Core, HttpClient (the model
    /// APIs) and the writer's <c>IChatClient</c>. Exported to Prometheus at <c>/metrics</c> when
    /// <c>Blazar:Metrics:Prometheus</c> is true, and over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// Also logs, once the server listens, which writer, model, storage and streams are in use.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection("Blazar:Metrics"));
        services.AddSingleton(provider => new BlazarMetrics(
            provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            provider.GetRequiredService<TimeProvider>(),
            queued: () => provider.GetRequiredService<GenerationQueue>().Count,
            generating: () => provider.GetRequiredService<RunningGenerations>().Count));
        services.AddHostedService<StartupLog>();

        var prometheus = MetricsOptions.PrometheusEnabled(builder.Configuration);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!prometheus && !otlp)
            return builder; // nothing would read the measurements
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "blazar"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(BlazarMetrics.MeterName, WritersExtensions.TelemetrySource)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                AddDatabaseInstrumentation(metrics);
                if (prometheus)
                    metrics.AddPrometheusExporter();
            });
        if (!otlp)
            return builder; // traces and logs go nowhere without OTLP: don't pay for them
        telemetry
            .WithTracing(tracing =>
            {
                tracing.AddSource(WritersExtensions.TelemetrySource)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !OperationsApi.IsOperational(context.Request.Path))
                    .AddHttpClientInstrumentation();
                AddDatabaseInstrumentation(tracing);
            })
            .WithLogging()
            .UseOtlpExporter();
        return builder;
    }

    // The one place for the database's instrumentation: PostgreSQL through Npgsql.OpenTelemetry
    // (tracing.AddNpgsql(), metrics.AddMeter("Npgsql")) once the EF Core store brings Npgsql in.
    private static void AddDatabaseInstrumentation(MeterProviderBuilder metrics)
    {
    }

    private static void AddDatabaseInstrumentation(TracerProviderBuilder tracing)
    {
    }
}
