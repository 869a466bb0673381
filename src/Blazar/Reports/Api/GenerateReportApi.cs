using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Streaming;

namespace Blazar.Reports.Api;

/// <summary>
/// <c>POST /api/generate-report</c>: starts a report and streams it to the caller, who is only its first
/// viewer: if the caller goes away, the report is still written.
/// </summary>
internal static class GenerateReportApi
{
    public sealed record Request(Spec? Spec);

    public static IEndpointRouteBuilder MapGenerateReport(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/generate-report", Generate);
        return app;
    }

    private static async Task<IResult> Generate(HttpContext context, GenerationControl control, ReportFeed feed)
    {
        var (body, problem) = await JsonBody.ReadAsync<Request>(context.Request, context.RequestAborted);
        if (problem is not null)
            return problem;
        if (SpecValidator.Validate(body!.Spec) is { Count: > 0 } errors)
            return JsonBody.Invalid(errors.ToDictionary(e => e.Key == "spec" ? "spec" : $"spec.{e.Key}", e => e.Value));
        var report = await control.StartAsync(body.Spec!, CancellationToken.None);
        if (report is null)
            return ReportsApi.QueueFull();
        return SseResponse.Unbuffered(context, Stream(report.Id, feed, context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> Stream(string reportId, ReportFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return SseEvents.Start(reportId); // first, and it opens the stream at once
        await foreach (var e in feed.FollowAsync(reportId, 0, cancellationToken))
            yield return SseEvents.From(reportId, e);
    }
}
