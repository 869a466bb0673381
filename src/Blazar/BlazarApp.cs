using Blazar.Chat;
using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Health;
using Blazar.Hub;
using Blazar.Redis;
using Blazar.Reports;
using Blazar.Reports.Api;
using Blazar.Storage;
using Blazar.Streaming;
using Blazar.Telemetry;
using Blazar.Viewer;
using Blazar.Writers;
using Blazar.Writers.Providers;

namespace Blazar;

/// <summary>Composes Blazar from its features. Tests and benchmarks build the same app with their own settings.</summary>
public static class BlazarApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o => BlazarJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = JsonBody.MaxBytes);
        if (StorageExtensions.Chosen(builder.Configuration) == "redis")
            builder.AddRedis(); // registers first: the store, chunk log, hub feed and leases all in Redis
        builder.AddStorage();
        builder.AddStreaming();
        builder.AddHub();
        builder.AddWriters();
        builder.AddGeneration();
        builder.AddChat();
        builder.AddHealth();
        builder.AddTelemetry();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSameOriginGuard();
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file =>
            {
                file.Context.Response.Headers.XContentTypeOptions = "nosniff";
                if (file.File.Name.EndsWith(".html", StringComparison.Ordinal))
                    file.Context.Response.Headers.ContentSecurityPolicy = ReportPolicies.Page;
            },
        });
        app.MapReports();
        app.MapGenerateReport();
        app.MapHub();
        app.MapViewer();
        app.MapWriterInfo();
        app.MapChat();
        app.MapOperations();
        return app;
    }
}
