using System.Globalization;
using System.Net.ServerSentEvents;
using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Storage;
using Blazar.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;
using Outcome = Blazar.Generation.GenerationControl.Outcome;

namespace Blazar.Reports.Api;

/// <summary><c>/api/reports</c>: start, list, read, follow, stop, continue and delete reports.</summary>
internal static class ReportsApi
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").ValidateBodies();
        reports.MapPost("/", Create);
        reports.MapGet("/", List);
        reports.MapGet("/{id}", Get);
        reports.MapGet("/{id}/events", Events);
        reports.MapPost("/{id}/cancel", Cancel);
        reports.MapPost("/{id}/continue", Continue);
        reports.MapDelete("/{id}", Delete);
        return app;
    }

    public sealed record Created(string Id, string Url, string EventsUrl);

    private static async Task<Results<Accepted<Created>, ProblemHttpResult>> Create(Body<Spec> spec, GenerationControl control, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await control.StartAsync(spec.Value, cancellationToken) is not { } report)
            return QueueFull(response);
        var url = report.ToEntry().Url;
        return TypedResults.Accepted(url, new Created(report.Id, url, $"/api/reports/{report.Id}/events"));
    }

    /// <summary>The most entries one page of the manifest holds, and its size when no <c>limit</c> is given.</summary>
    public const int MaxPage = 1000;

    /// <summary>The most results a search returns, and its size when no <c>limit</c> is given.</summary>
    public const int MaxSearchResults = 50;

    /// <summary>
    /// The manifest, newest first, a page at a time: <c>?limit=N&amp;before={id}</c> continues after the report
    /// <c>id</c>, and a <c>Link: &lt;…&gt;; rel="next"</c> header names the next page while there is one.
    /// With <c>?q=words</c>: the reports holding every word, best first, each with a plain-text <c>snippet</c>.
    /// </summary>
    private static async Task<Results<Ok<ReportEntry[]>, ValidationProblem>> List(
        string? q, string? limit, string? before, HttpResponse response, IReportStore store, CancellationToken cancellationToken)
    {
        var searching = !string.IsNullOrWhiteSpace(q);
        var max = searching ? MaxSearchResults : MaxPage;
        var size = max;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > max))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be a whole number from 1 to {max}."] });
        if (searching)
            return TypedResults.Ok((await store.SearchAsync(q!, size, cancellationToken)).ToArray());
        if (before is not null && !ReportId.IsWellFormed(before))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["before"] = ["before must be the id of a report."] });
        var page = await store.ListAsync(size + 1, before, cancellationToken);
        if (page.Count > size)
        {
            page = page.Take(size).ToArray();
            response.Headers.Link = $"</api/reports?limit={size}&before={page[^1].Id}>; rel=\"next\"";
        }
        return TypedResults.Ok(page.ToArray());
    }

    private static async Task<Results<Ok<ReportEntry>, NotFound>> Get(string id, IReportStore store, CancellationToken cancellationToken) =>
        await Find(id, store, cancellationToken) is { } report ? TypedResults.Ok(report.ToEntry()) : TypedResults.NotFound();

    private static async Task<Results<ReportStreamResult, NotFound>> Events(string id, HttpContext context, IReportStore store)
    {
        if (await Find(id, store, context.RequestAborted) is null)
            return TypedResults.NotFound();
        return new ReportStreamResult(id, LastEventId(context.Request), SseEvents.Ping);
    }

    private static async Task<Results<Accepted, NotFound, ProblemHttpResult>> Cancel(string id, GenerationControl control, CancellationToken cancellationToken) =>
        !ReportId.IsWellFormed(id) ? TypedResults.NotFound() : await control.CancelAsync(id, cancellationToken) switch
        {
            Outcome.Accepted => TypedResults.Accepted($"/api/reports/{id}"),
            Outcome.NotFound => TypedResults.NotFound(),
            _ => Conflict("This report is not being generated, so there is nothing to stop."),
        };

    private static async Task<Results<Accepted, NotFound, ProblemHttpResult>> Continue(string id, GenerationControl control, HttpResponse response, CancellationToken cancellationToken) =>
        !ReportId.IsWellFormed(id) ? TypedResults.NotFound() : await control.ContinueAsync(id, cancellationToken) switch
        {
            Outcome.Accepted => TypedResults.Accepted($"/api/reports/{id}"),
            Outcome.NotFound => TypedResults.NotFound(),
            Outcome.QueueFull => QueueFull(response),
            _ => Conflict("Only a stopped or failed report can be continued; this one is being generated or is done."),
        };

    private static async Task<Results<NoContent, NotFound>> Delete(string id, GenerationControl control, CancellationToken cancellationToken) =>
        ReportId.IsWellFormed(id) && await control.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>503 with <c>Retry-After</c>: every place in the generation queue is taken; nothing was changed.</summary>
    public static ProblemHttpResult QueueFull(HttpResponse response)
    {
        response.Headers.RetryAfter = "60";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Too many reports are waiting.",
            detail: "The generation queue is full; try again in a minute.");
    }

    private static async Task<Report?> Find(string id, IReportStore store, CancellationToken cancellationToken) =>
        ReportId.IsWellFormed(id) ? await store.GetAsync(id, cancellationToken) : null;

    /// <summary>
    /// Where the viewer resumes: its <c>Last-Event-ID</c>, else <c>?after=N</c> (a new EventSource cannot send the
    /// header, but the page knows what it holds), else the start.
    /// </summary>
    private static int LastEventId(HttpRequest request) =>
        int.TryParse(request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq
        : int.TryParse(request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var after) ? after : 0;

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in this state.", detail: detail);
}
