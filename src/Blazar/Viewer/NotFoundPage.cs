namespace Blazar.Viewer;

/// <summary>
/// What an address that leads nowhere answers: the 404 page to a person (any page address), problem+json to an API
/// client. Runs as the status-code page, so it only fills a 404 that nothing else wrote a body for.
/// </summary>
internal static class NotFoundPage
{
    public static IApplicationBuilder UseNotFoundPage(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var request = context.Request;
            if (context.Response.StatusCode == StatusCodes.Status404NotFound
                && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
            {
                var environment = context.RequestServices.GetRequiredService<IWebHostEnvironment>();
                context.Response.Headers.CacheControl = "no-store";
                await ViewerApi.Page(context, environment, "404.html", StatusCodes.Status404NotFound).ExecuteAsync(context);
                return;
            }
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = context.Response.StatusCode, Detail = context.Response.StatusCode == StatusCodes.Status404NotFound ? "There is nothing at this address." : null },
            });
        });
}
