namespace Blazar.Extensions;

/// <summary>
/// Refuses state-changing requests from another site or from an opaque origin (a report's sandboxed
/// scripts send <c>Origin: null</c>), so a report can never start, stop, continue or delete reports.
/// Requests without an Origin (command-line clients) are not a browser's and pass.
/// </summary>
internal static class SameOriginGuard
{
    // Not async: the request is handed on, not awaited, so a stream open for hours keeps no state here.
    public static IApplicationBuilder UseSameOriginGuard(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || IsSameOrigin(request))
            return next(context);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Cross-origin request refused.",
            detail: "Reports and other sites cannot change reports; send this request from Blazar's own pages.").ExecuteAsync(context);
    });

    private static bool IsSameOrigin(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"] is [var site] && site is "cross-site" or "same-site")
            return false;
        if (request.Headers.Origin is not [var origin])
            return request.Headers.Origin.Count == 0;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
