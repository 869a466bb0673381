using System.Security.Claims;
using Blazar.Accounts;
using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blazar.Reports.Api;

/// <summary>
/// <c>POST /api/generate-report</c>: starts a report and streams it to the caller, who is only its first
/// viewer: if the caller goes away, the report is still written.
/// </summary>
internal static class GenerateReportApi
{
    public sealed record Request(Spec? Spec) : IValidatable
    {
        IDictionary<string, string[]> IValidatable.Validate() =>
            SpecValidator.Validate(Spec).ToDictionary(e => e.Key == "spec" ? "spec" : $"spec.{e.Key}", e => e.Value);
    }

    public static IEndpointRouteBuilder MapGenerateReport(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/generate-report", Generate).ValidateBodies();
        return app;
    }

    private static async Task<Results<ReportStreamResult, ProblemHttpResult>> Generate(
        Body<Request> body, ClaimsPrincipal user, Quotas quotas, HttpContext context, GenerationControl control)
    {
        if (await quotas.CheckStartAsync(user.UserId()!, context.Response, context.RequestAborted) is { } refused)
            return refused;
        if (await control.StartAsync(body.Value.Spec!, user.AsOwner(), CancellationToken.None) is not { } report)
            return ReportsApi.QueueFull(context.Response);
        return new ReportStreamResult(report.Id, StreamPosition.Start, SseEvents.Start(report.Id)); // "start" first, and it opens the stream at once
    }
}
