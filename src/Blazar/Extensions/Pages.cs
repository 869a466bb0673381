namespace Blazar.Extensions;

/// <summary>Blazar's own static pages, served from an endpoint with the page policy.</summary>
internal static class Pages
{
    /// <summary>Blazar's own pages: only our scripts and styles, no frames.</summary>
    public const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>One page of <c>wwwroot</c>, never cached, with our page policy (or the one given).</summary>
    public static IResult File(HttpContext context, string name, int status = StatusCodes.Status200OK, string policy = Policy)
    {
        var environment = context.RequestServices.GetRequiredService<IWebHostEnvironment>();
        context.Response.Headers.ContentSecurityPolicy = policy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = status;
        return TypedResults.PhysicalFile(environment.WebRootFileProvider.GetFileInfo(name).PhysicalPath!, "text/html; charset=utf-8");
    }
}
