using Blazar.Accounts;
using Blazar.Chat;
using Blazar.Exports;
using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Health;
using Blazar.Hub;
using Blazar.Operations;
using Blazar.Redis;
using Blazar.Reports;
using Blazar.Reports.Api;
using Blazar.Storage;
using Blazar.Streaming;
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
        builder.WebHost.ConfigureKestrel(k => HttpEdges.ConfigureKestrel(k.Limits));
        if (StorageChoice.From(builder.Configuration).SharedStreams)
            builder.AddRedis(); // registers first: the chunk log, hub feed and leases in Redis
        builder.AddStorage();
        builder.AddProxyHeaders();
        builder.AddStreaming();
        builder.AddHub();
        builder.AddWriters();
        builder.AddGeneration();
        builder.AddAccounts();
        builder.AddChat();
        builder.AddExports();
        builder.AddHealth();
        builder.AddTelemetry();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseForwardedHeaders(); // first: the scheme and client address a trusted proxy saw
        app.UseStreamLane(); // before everything that awaits the rest: an open stream keeps none of it
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A request the client got wrong (a body that stopped arriving, say) is its error, not the server's.
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseNotFoundPage(); // the status-code page: the 404 page for people, problem+json for the API
        app.UseHttpEdges();
        app.UseRouting(); // after the edges, so a HEAD request is routed as the GET it now is
        app.UseSameOriginGuard();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file =>
            {
                file.Context.Response.Headers.XContentTypeOptions = "nosniff";
                if (file.File.Name.EndsWith(".html", StringComparison.Ordinal))
                    file.Context.Response.Headers.ContentSecurityPolicy = ReportPolicies.Page;
            },
        });
        app.UseAccounts(); // after static files: scripts and styles need no sign-in; every endpoint does unless it says so
        app.MapAccounts();
        app.MapReports();
        app.MapVersions();
        app.MapGenerateReport();
        app.MapHub();
        app.MapViewer();
        app.MapExports();
        app.MapWriterInfo();
        app.MapChat();
        app.MapOperations();
        return app;
    }
}
