using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Blazar.Extensions;

/// <summary>
/// Clean answers at the edges of HTTP. Kestrel refuses an overlong request line or header block with an empty body,
/// before any of Blazar runs; so Blazar's own limits sit below Kestrel's and are answered with problem+json, and
/// only a request beyond Kestrel's (twice as large) gets Kestrel's bare refusal. HEAD is answered as GET without a
/// body (Kestrel drops the body of a HEAD response), and a stream answered to HEAD ends at once.
/// </summary>
internal static class HttpEdges
{
    public const int MaxUrlChars = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    private static readonly object HeadKey = new();

    public static void ConfigureKestrel(KestrelServerLimits limits)
    {
        limits.MaxRequestBodySize = JsonBody.MaxBytes;
        limits.MaxRequestLineSize = 2 * MaxUrlChars;
        limits.MaxRequestHeadersTotalSize = 2 * MaxHeaderBytes;
    }

    /// <summary>True when this request came as HEAD (it runs as GET).</summary>
    public static bool IsHead(HttpContext context) => context.Items.ContainsKey(HeadKey);

    // Not async: the request is handed on, not awaited, so a stream open for hours keeps no state here.
    public static IApplicationBuilder UseHttpEdges(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (request.Path.Value?.Length + request.QueryString.Value?.Length > MaxUrlChars)
            return Refuse(context, StatusCodes.Status414UriTooLong, "The URL is too long.", $"A URL may have at most {MaxUrlChars / 1024} KiB.");
        if (HeaderBytes(request.Headers) > MaxHeaderBytes)
            return Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "The headers are too large.", $"A request's headers may have at most {MaxHeaderBytes / 1024} KiB.");
        if (HttpMethods.IsHead(request.Method))
        {
            request.Method = HttpMethods.Get;
            context.Items[HeadKey] = true;
        }
        return next(context);
    });

    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
            foreach (var value in values)
                total += name.Length + (value?.Length ?? 0) + 4; // ": " and CRLF
        return total;
    }

    private static Task Refuse(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
