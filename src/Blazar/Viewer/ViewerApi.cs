using System.Security.Claims;
using Blazar.Accounts;
using Blazar.Reports;
using Blazar.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blazar.Viewer;

/// <summary>
/// <c>GET /r/{id}</c>, the report's permanent URL: Blazar's report page, which shows the report in a sealed frame,
/// written live while it is generated and the stored document once done (<c>/r/{id}/raw</c>); a 404 page for unknown ids
/// and for reports the caller may not view (an anonymous caller is sent to sign in for both).
/// </summary>
internal static class ViewerApi
{
    /// <summary>What the live frame starts as: an empty document that carries the report policy.</summary>
    private const string LiveFrame = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Report</title></head><body></body></html>";

    public static IEndpointRouteBuilder MapViewer(this IEndpointRouteBuilder app)
    {
        // Anyone may ask: a link report is viewed without an account; the handlers apply the rules.
        app.MapGet("/r/{id}", Show).AllowAnonymous();
        app.MapGet("/r/{id}/raw", Raw).AllowAnonymous();
        app.MapGet("/r/{id}/live", Live).AllowAnonymous();
        return app;
    }

    private static async Task<Results<PhysicalFileHttpResult, ChallengeHttpResult>> Show(
        string id, string? v, ClaimsPrincipal user, HttpContext context, IReportStore store, IWebHostEnvironment environment)
    {
        var report = await ViewableAsync(id, user, store, context.RequestAborted);
        if (report is not null && !await HasVersionAsync(report, v, store, context.RequestAborted))
            report = null; // ?v=N names no version of it: the 404 page
        if (report is null && !user.IsSignedIn())
            return TypedResults.Challenge();
        NoStore(context);
        return report is null
            ? Page(context, environment, "404.html", StatusCodes.Status404NotFound)
            : Page(context, environment, "viewer.html", StatusCodes.Status200OK, ReportPolicies.ReportPage(context.Request, id));
    }

    private static async Task<Report?> ViewableAsync(string id, ClaimsPrincipal user, IReportStore store, CancellationToken cancellationToken) =>
        ReportId.IsWellFormed(id) && await store.GetAsync(id, cancellationToken) is { } report && ReportAccess.CanView(user, report) ? report : null;

    private static async Task<bool> HasVersionAsync(Report report, string? v, IReportStore store, CancellationToken cancellationToken) =>
        VersionNumber.TryParse(v, out var version)
        && (version is null || version == report.Version || await store.GetAsync(report.Id, version.Value, cancellationToken) is not null);

    /// <summary>The finished report itself (<c>?v=N</c>: that version), under the stored-report policy; 404 until it is done.</summary>
    private static async Task<Results<ContentHttpResult, ChallengeHttpResult>> Raw(string id, string? v, ClaimsPrincipal user, HttpContext context, IReportStore store)
    {
        var report = await ViewableAsync(id, user, store, context.RequestAborted);
        if (report is null && !user.IsSignedIn())
            return TypedResults.Challenge();
        if (report is not null && VersionNumber.TryParse(v, out var version) && version is { } wanted && wanted != report.Version)
            report = await store.GetAsync(id, wanted, context.RequestAborted);
        else if (!VersionNumber.TryParse(v, out _))
            report = null;
        var html = report?.Status == ReportStatus.Done ? await store.GetTextAsync(id, report.Version, context.RequestAborted) : null;
        NoStore(context);
        context.Response.Headers.ContentSecurityPolicy = ReportPolicies.Stored;
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        return html is null
            ? TypedResults.Content("There is no finished report here.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>The empty document the viewer writes a report into as it arrives.</summary>
    private static async Task<Results<ContentHttpResult, NotFound, ChallengeHttpResult>> Live(string id, ClaimsPrincipal user, HttpContext context, IReportStore store)
    {
        if (await ViewableAsync(id, user, store, context.RequestAborted) is null)
            return user.IsSignedIn() ? TypedResults.NotFound() : TypedResults.Challenge();
        NoStore(context);
        context.Response.Headers.ContentSecurityPolicy = ReportPolicies.Live;
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Content(LiveFrame, "text/html; charset=utf-8");
    }

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-store";
    }

    /// <summary>One of our own static pages, with our page policy (or the one given).</summary>
    public static PhysicalFileHttpResult Page(HttpContext context, IWebHostEnvironment environment, string name, int status, string policy = ReportPolicies.Page)
    {
        context.Response.Headers.ContentSecurityPolicy = policy;
        context.Response.StatusCode = status;
        return TypedResults.PhysicalFile(environment.WebRootFileProvider.GetFileInfo(name).PhysicalPath!, "text/html; charset=utf-8");
    }
}
