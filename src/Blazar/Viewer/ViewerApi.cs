using Blazar.Reports;
using Blazar.Storage;

namespace Blazar.Viewer;

/// <summary>
/// <c>GET /r/{id}</c>, the report's permanent URL: the finished HTML when done (sandboxed by CSP, so its
/// scripts run in an opaque origin), the live viewer page otherwise, and a 404 page for unknown ids.
/// </summary>
internal static class ViewerApi
{
    /// <summary>The finished report's sandbox: scripts and popups, never the app's origin (design §4).</summary>
    public const string ReportPolicy = "sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox allow-forms allow-modals allow-downloads";

    /// <summary>Our own pages: only our scripts; the live frame inherits this, so a half-written report loads nothing from elsewhere.</summary>
    public const string PagePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    public static IEndpointRouteBuilder MapViewer(this IEndpointRouteBuilder app)
    {
        app.MapGet("/r/{id}", Show);
        return app;
    }

    private static async Task<IResult> Show(string id, HttpContext context, IReportStore store, IWebHostEnvironment environment)
    {
        var report = ReportId.IsWellFormed(id) ? await store.GetAsync(id, context.RequestAborted) : null;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        if (report is null)
            return Page(context, environment, "404.html", StatusCodes.Status404NotFound);
        if (report.Status == ReportStatus.Done && await store.GetTextAsync(id, context.RequestAborted) is { } html)
        {
            headers.ContentSecurityPolicy = ReportPolicy;
            headers["Referrer-Policy"] = "no-referrer";
            return TypedResults.Content(html, "text/html; charset=utf-8");
        }
        return Page(context, environment, "viewer.html", StatusCodes.Status200OK);
    }

    /// <summary>One of our own static pages, with our page policy.</summary>
    public static IResult Page(HttpContext context, IWebHostEnvironment environment, string name, int status)
    {
        context.Response.Headers.ContentSecurityPolicy = PagePolicy;
        context.Response.StatusCode = status;
        return TypedResults.PhysicalFile(environment.WebRootFileProvider.GetFileInfo(name).PhysicalPath!, "text/html; charset=utf-8");
    }
}
