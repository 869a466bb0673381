using System.Globalization;
using System.Net.ServerSentEvents;
using System.Security.Claims;
using Blazar.Accounts;
using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Hub;
using Blazar.Storage;
using Blazar.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;
using Outcome = Blazar.Generation.GenerationControl.Outcome;

namespace Blazar.Reports.Api;

/// <summary>
/// <c>/api/reports</c>: start, list, read, follow, share, stop, continue and delete reports. A report the caller may
/// not view answers as an unknown id does (404; an anonymous caller is asked to sign in, as for any unknown id);
/// one they may view but not change answers 403.
/// </summary>
internal static class ReportsApi
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").ValidateBodies();
        reports.MapPost("/", Create);
        reports.MapGet("/", List);
        reports.MapGet("/{id}", Get).AllowAnonymous(); // a link report is viewed without an account
        reports.MapGet("/{id}/events", Events).AllowAnonymous();
        reports.MapPatch("/{id}", Patch);
        reports.MapPost("/{id}/cancel", Cancel);
        reports.MapPost("/{id}/continue", Continue);
        reports.MapDelete("/{id}", Delete);
        return app;
    }

    public sealed record ShareRequest(string? Visibility, string? Title) : IValidatable
    {
        public ReportVisibility? ParsedVisibility => Enum.TryParse<ReportVisibility>(Visibility, ignoreCase: true, out var v) ? v : null;

        IDictionary<string, string[]> IValidatable.Validate()
        {
            var errors = new Dictionary<string, string[]>();
            if (Visibility is not null && (ParsedVisibility is null || int.TryParse(Visibility, out _)))
                errors["visibility"] = ["visibility is \"private\", \"team\" or \"link\"."];
            if (Title is not null && (string.IsNullOrWhiteSpace(Title) || Title.Trim().Length > SpecValidator.MaxTitle))
                errors["title"] = [$"The title has 1 to {SpecValidator.MaxTitle} characters."];
            if (Visibility is null && Title is null)
                errors["body"] = ["Send visibility, title or both."];
            return errors;
        }
    }

    public sealed record Created(string Id, string Url, string EventsUrl);

    private static async Task<Results<Accepted<Created>, ProblemHttpResult>> Create(
        Body<Spec> spec, ClaimsPrincipal user, Quotas quotas, GenerationControl control, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await quotas.CheckStartAsync(user.UserId()!, response, cancellationToken) is { } refused)
            return refused;
        if (await control.StartAsync(spec.Value, user.AsOwner(), cancellationToken) is not { } report)
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
        string? q, string? limit, string? before, string? scope, ClaimsPrincipal user, HttpResponse response, IReportStore store, CancellationToken cancellationToken)
    {
        if (ReportAccess.Scope(user, scope) is not { } within)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["scope"] = [user.IsAdmin() ? "scope is mine, team or all." : "scope is mine or team."] });
        var searching = !string.IsNullOrWhiteSpace(q);
        var max = searching ? MaxSearchResults : MaxPage;
        var size = max;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > max))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be a whole number from 1 to {max}."] });
        if (searching)
            return TypedResults.Ok((await store.SearchAsync(within, q!, size, cancellationToken)).ToArray());
        if (before is not null && !ReportId.IsWellFormed(before))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["before"] = ["before must be the id of a report."] });
        var page = await store.ListAsync(within, size + 1, before, cancellationToken);
        if (page.Count > size)
        {
            page = page.Take(size).ToArray();
            var scoped = scope is null ? "" : $"&scope={Uri.EscapeDataString(scope)}";
            response.Headers.Link = $"</api/reports?limit={size}&before={page[^1].Id}{scoped}>; rel=\"next\"";
        }
        return TypedResults.Ok(page.ToArray());
    }

    /// <summary>One entry of the manifest; with <c>?v=N</c>, as of that version (404 when it has none).</summary>
    private static async Task<Results<Ok<ReportEntry>, NotFound, ChallengeHttpResult>> Get(
        string id, string? v, ClaimsPrincipal user, IReportStore store, CancellationToken cancellationToken)
    {
        if (await FindViewable(id, user, store, cancellationToken) is not { } report)
            return user.IsSignedIn() ? TypedResults.NotFound() : TypedResults.Challenge();
        if (!VersionNumber.TryParse(v, out var version))
            return TypedResults.NotFound();
        if (version is { } wanted && wanted != report.Version)
        {
            if (await store.GetAsync(id, wanted, cancellationToken) is not { } shown)
                return TypedResults.NotFound();
            report = shown;
        }
        return TypedResults.Ok(report.ToEntry());
    }

    private static async Task<Results<ReportStreamResult, NotFound, ChallengeHttpResult>> Events(
        string id, ClaimsPrincipal user, HttpContext context, IReportStore store)
    {
        if (await FindViewable(id, user, store, context.RequestAborted) is null)
            return user.IsSignedIn() ? TypedResults.NotFound() : TypedResults.Challenge();
        return new ReportStreamResult(id, StreamPosition.From(context.Request.Headers["Last-Event-ID"], context.Request.Query["after"], context.Request.Query["version"]), SseEvents.Ping);
    }

    private static async Task<Results<Ok<ReportEntry>, NotFound, ProblemHttpResult>> Patch(
        string id, Body<ShareRequest> body, ClaimsPrincipal user, IReportStore store, IHubFeed hub, CancellationToken cancellationToken)
    {
        if (await FindChangeable(id, user, store, cancellationToken) is not { } found)
            return TypedResults.NotFound();
        if (found.Refused is { } refused)
            return refused;
        var title = body.Value.Title?.Trim();
        if (await store.ShareAsync(id, body.Value.ParsedVisibility, title, cancellationToken) is not { } report)
            return TypedResults.NotFound();
        await hub.PublishAsync(HubMessage.Changed(report.ToEntry(), before: found.Report.ToEntry()), cancellationToken);
        return TypedResults.Ok(report.ToEntry());
    }

    private static async Task<Results<Accepted, NotFound, ProblemHttpResult>> Cancel(
        string id, ClaimsPrincipal user, IReportStore store, GenerationControl control, CancellationToken cancellationToken)
    {
        if (await FindChangeable(id, user, store, cancellationToken) is not { } found)
            return TypedResults.NotFound();
        if (found.Refused is { } refused)
            return refused;
        return await control.CancelAsync(id, cancellationToken) switch
        {
            Outcome.Accepted => TypedResults.Accepted($"/api/reports/{id}"),
            Outcome.NotFound => TypedResults.NotFound(),
            _ => Conflict("This report is not being generated, so there is nothing to stop."),
        };
    }

    private static async Task<Results<Accepted, NotFound, ProblemHttpResult>> Continue(
        string id, ClaimsPrincipal user, IReportStore store, Quotas quotas, GenerationControl control, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await FindChangeable(id, user, store, cancellationToken) is not { } found)
            return TypedResults.NotFound();
        if (found.Refused is { } refused)
            return refused;
        if (!found.Report.Status.IsActive() && await quotas.CheckStartAsync(user.UserId()!, response, cancellationToken) is { } tooMany)
            return tooMany;
        return await control.ContinueAsync(id, cancellationToken) switch
        {
            Outcome.Accepted => TypedResults.Accepted($"/api/reports/{id}"),
            Outcome.NotFound => TypedResults.NotFound(),
            Outcome.QueueFull => QueueFull(response),
            _ => Conflict("Only a stopped or failed report can be continued; this one is being generated or is done."),
        };
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(
        string id, ClaimsPrincipal user, IReportStore store, GenerationControl control, CancellationToken cancellationToken)
    {
        if (await FindChangeable(id, user, store, cancellationToken) is not { } found)
            return TypedResults.NotFound();
        if (found.Refused is { } refused)
            return refused;
        return await control.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

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
    /// The report when the caller may view it; null for an unknown id and for one they may not see alike, answered the
    /// same: 404 for a signed-in caller, and for an anonymous one a request to sign in (401), so nobody learns which ids exist.
    /// </summary>
    public static async Task<Report?> FindViewable(string id, ClaimsPrincipal user, IReportStore store, CancellationToken cancellationToken) =>
        await Find(id, store, cancellationToken) is { } report && ReportAccess.CanView(user, report) ? report : null;

    internal sealed record Changeable(Report Report, ProblemHttpResult? Refused);

    /// <summary>Null when the caller may not view the report (so it is unknown to them); a 403 when they may view but not change it.</summary>
    internal static async Task<Changeable?> FindChangeable(string id, ClaimsPrincipal user, IReportStore store, CancellationToken cancellationToken)
    {
        if (await FindViewable(id, user, store, cancellationToken) is not { } report)
            return null;
        return new Changeable(report, ReportAccess.CanChange(user, report) ? null : TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden, title: "Not yours to change.", detail: "Only the report's owner or an admin can change it."));
    }

    internal static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in this state.", detail: detail);
}
