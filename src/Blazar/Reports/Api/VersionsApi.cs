using System.Globalization;
using System.Security.Claims;
using Blazar.Accounts;
using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Outcome = Blazar.Generation.GenerationControl.Outcome;

namespace Blazar.Reports.Api;

/// <summary>
/// A report's versions: revise it (a new version written live at the same URL), list its versions, restore an older
/// one as a new version, and compare two section by section. Viewing them follows the view rule, changing them the
/// change rule, exactly as for the report itself.
/// </summary>
internal static class VersionsApi
{
    public static IEndpointRouteBuilder MapVersions(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports/{id}").ValidateBodies();
        reports.MapPost("/revisions", Revise);
        reports.MapGet("/versions", List).AllowAnonymous(); // a link report's versions are viewed without an account
        reports.MapGet("/versions/diff", Diff).AllowAnonymous();
        reports.MapPost("/versions/{n}/restore", Restore);
        return app;
    }

    public sealed record RevisionRequest(string? Instruction, string? Section) : IValidatable
    {
        IDictionary<string, string[]> IValidatable.Validate()
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(Instruction) || Instruction.Trim().Length > Revision.MaxInstruction)
                errors["instruction"] = [$"Say what to change, in 1 to {Revision.MaxInstruction} characters."];
            if (Section is not null && (string.IsNullOrWhiteSpace(Section) || Section.Length > SpecValidator.MaxTitle))
                errors["section"] = [$"section is the text of one of the report's headings (1 to {SpecValidator.MaxTitle} characters), or left out."];
            return errors;
        }
    }

    public sealed record VersionCreated(int Version);

    private static async Task<Results<Accepted<VersionCreated>, NotFound, ProblemHttpResult, ValidationProblem>> Revise(
        string id, Body<RevisionRequest> body, ClaimsPrincipal user, IReportStore store, Quotas quotas, GenerationControl control,
        HttpResponse response, CancellationToken cancellationToken)
    {
        if (await ReportsApi.FindChangeable(id, user, store, cancellationToken) is not { } found)
            return TypedResults.NotFound();
        if (found.Refused is { } refused)
            return refused;
        if (found.Report.Status.IsActive())
            return Busy();
        if (await quotas.CheckStartAsync(user.UserId()!, response, cancellationToken) is { } tooMany)
            return tooMany;
        var revision = new Revision(body.Value.Instruction!.Trim(), body.Value.Section?.Trim());
        var outcome = await control.ReviseAsync(id, revision, cancellationToken);
        return outcome.Outcome switch
        {
            Outcome.Accepted => TypedResults.Accepted($"/api/reports/{id}", new VersionCreated(outcome.Version)),
            Outcome.NotFound => TypedResults.NotFound(),
            Outcome.QueueFull => ReportsApi.QueueFull(response),
            Outcome.UnknownSection => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["section"] = [$"The report has no section headed \"{revision.Section}\"."] },
                detail: "The section to revise must be the exact text of one of the report's headings."),
            _ => Busy(),
        };
    }

    private static async Task<Results<Ok<ReportVersion[]>, NotFound, ChallengeHttpResult>> List(
        string id, ClaimsPrincipal user, IReportStore store, CancellationToken cancellationToken)
    {
        if (await ReportsApi.FindViewable(id, user, store, cancellationToken) is null)
            return user.IsSignedIn() ? TypedResults.NotFound() : TypedResults.Challenge();
        return TypedResults.Ok((await store.ListVersionsAsync(id, cancellationToken)).ToArray());
    }

    private static async Task<Results<Created<VersionCreated>, NotFound, ProblemHttpResult>> Restore(
        string id, string n, ClaimsPrincipal user, IReportStore store, GenerationControl control, CancellationToken cancellationToken)
    {
        if (await ReportsApi.FindChangeable(id, user, store, cancellationToken) is not { } found)
            return TypedResults.NotFound();
        if (found.Refused is { } refused)
            return refused;
        if (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return NoSuchVersion();
        var outcome = await control.RestoreAsync(id, number, cancellationToken);
        return outcome.Outcome switch
        {
            Outcome.Accepted => TypedResults.Created($"/api/reports/{id}?v={outcome.Version}", new VersionCreated(outcome.Version)),
            Outcome.NotFound => TypedResults.NotFound(),
            Outcome.UnknownVersion => NoSuchVersion(),
            _ => found.Report.Status.IsActive() ? Busy()
                : ReportsApi.Conflict("Only a finished version can be restored, and only while no version is being written."),
        };
    }

    private static async Task<Results<Ok<VersionDiff.Result>, NotFound, ProblemHttpResult, ValidationProblem, ChallengeHttpResult>> Diff(
        string id, string? from, string? to, ClaimsPrincipal user, IReportStore store, CancellationToken cancellationToken)
    {
        if (await ReportsApi.FindViewable(id, user, store, cancellationToken) is null)
            return user.IsSignedIn() ? TypedResults.NotFound() : TypedResults.Challenge();
        var errors = new Dictionary<string, string[]>();
        if (!VersionNumber.TryParse(from, out var older) || older is null)
            errors["from"] = ["from is the number of a version (1 or more)."];
        if (!VersionNumber.TryParse(to, out var newer) || newer is null)
            errors["to"] = ["to is the number of a version (1 or more)."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var before = await store.GetTextAsync(id, older!.Value, cancellationToken);
        var after = await store.GetTextAsync(id, newer!.Value, cancellationToken);
        if (before is null || after is null)
            return NoSuchVersion();
        return TypedResults.Ok(VersionDiff.Compare(older.Value, before, newer.Value, after));
    }

    private static ProblemHttpResult Busy() =>
        ReportsApi.Conflict("A version of this report is being written; stop it or wait until it is finished.");

    private static ProblemHttpResult NoSuchVersion() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such version.", detail: "The report has no version with that number.");
}
