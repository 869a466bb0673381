using System.Text;
using Blazar.Accounts;
using Blazar.Storage;
using Blazar.Viewer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blazar.Exports;

/// <summary>
/// <c>GET /r/{id}/export/{format}</c>: a finished report as a download named after its title: <c>html</c> (the
/// stored document, sealed), <c>md</c>, <c>docx</c> and, when Chromium is configured, <c>pdf</c>. An unknown,
/// unfinished or hidden report, an unknown format and PDF without Chromium are 404 problems. <c>GET /api/exports</c>
/// names the formats this server offers, so the report page lists PDF only when it can be made.
/// </summary>
internal static class ExportsApi
{
    private const string NoReport = "There is no finished report here.";

    /// <summary>The formats a finished report downloads as here, by their names in the export URL.</summary>
    public sealed record Offered(IReadOnlyList<string> Formats);

    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        // Public like a link report's downloads: it tells only whether this server prints PDFs.
        app.MapGet("/api/exports", (PdfRenderer pdf) => TypedResults.Ok(new Offered(
            [.. ExportFormat.All.Where(f => f != ExportFormat.Pdf || pdf.Enabled).Select(f => f.Name)]))).AllowAnonymous();
        app.MapGet("/r/{id}/export/{format}", Export).AllowAnonymous(); // a report shared by link exports without an account
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, ChallengeHttpResult>> Export(
        string id, string format, int? v, HttpContext context, IReportStore store, PdfRenderer pdf, ChartRasterizer charts)
    {
        var cancellationToken = context.RequestAborted;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (ExportFormat.Find(format) is not { } kind)
            return Problem(StatusCodes.Status404NotFound, $"Reports export as {string.Join(", ", ExportFormat.All.Select(f => f.Name))}; not as '{format}'.");
        if (await ExportSource.FindAsync(context, store, id, v, cancellationToken) is not { } source)
        {
            // Anyone not signed in is asked to, whether the report is unknown or not theirs to see: nothing leaks.
            if (!context.User.IsSignedIn())
                return TypedResults.Challenge();
            return Problem(StatusCodes.Status404NotFound, NoReport);
        }
        if (kind == ExportFormat.Pdf && !pdf.Enabled)
            return Problem(StatusCodes.Status404NotFound, "PDF export is not configured on this server (Blazar:Pdf:Chromium).");

        byte[] file;
        try
        {
            file = kind.Name switch
            {
                "html" => Encoding.UTF8.GetBytes(PrintDocument.Sealed(source.Html)),
                "md" => Encoding.UTF8.GetBytes(MarkdownExport.Write(ReportOutline.Read(source.Html))),
                "docx" => await WordAsync(source, charts, cancellationToken),
                _ => await pdf.RenderAsync(source.Html, cancellationToken),
            };
        }
        catch (TimeoutException e)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (ChromiumRenderException e)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, e.Message);
        }

        // A download is never shown in place; should a browser ever render one, it is sealed like the stored report.
        context.Response.Headers.ContentSecurityPolicy = ReportPolicies.Stored;
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.ContentDisposition = ExportFileName.ContentDisposition(source.Title, kind.Extension);
        return TypedResults.File(file, kind.ContentType);
    }

    private static async Task<byte[]> WordAsync(ExportSource source, ChartRasterizer charts, CancellationToken cancellationToken)
    {
        var blocks = ReportOutline.Read(source.Html);
        return WordExport.Write(blocks, source.Title, await charts.DrawAsync(blocks, source.Html, cancellationToken));
    }

    private static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);
}
