namespace Blazar.Viewer;

/// <summary>
/// The Content-Security-Policy headers that seal a report (design §4): nothing in it runs, nothing in it reaches the
/// network, Blazar's own origin included, and nothing in it navigates; the only way out is a link the reader clicks.
/// </summary>
internal static class ReportPolicies
{
    /// <summary>What a report may load: inline styles, <c>data:</c> images and fonts; it may post and rebase nothing.</summary>
    public const string Document = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'; base-uri 'none'";

    /// <summary>
    /// The stored report at <c>/r/{id}/raw</c>: an opaque origin without scripts, forms, top navigation, modals or
    /// downloads; popups (a clicked link) open unsandboxed, so the site they show works. Framed by Blazar only.
    /// </summary>
    public const string Stored = "sandbox allow-popups allow-popups-to-escape-sandbox; " + Document + "; frame-ancestors 'self'";

    /// <summary>
    /// The empty document the live viewer writes a report into. Its sandbox comes from the frame (same origin, so the
    /// page can write, and no scripts); the policy stays with the document through <c>document.open()</c>.
    /// </summary>
    public const string Live = Document + "; frame-ancestors 'self'";

    /// <summary>Blazar's own pages: only our scripts and styles, no frames.</summary>
    public const string Page = Blazar.Extensions.Pages.Policy;

    /// <summary>
    /// The report page: our page policy, with a frame that may show only this report's two documents, so nothing can
    /// navigate it anywhere else.
    /// </summary>
    public static string ReportPage(HttpRequest request, string id) =>
        Page.Replace("frame-src 'none'", $"frame-src {FrameSources(request, id)}", StringComparison.Ordinal);

    private static string FrameSources(HttpRequest request, string id)
    {
        // A CSP source names a host by letters, digits, dots and dashes; an IPv6 literal cannot be named, so it gets 'self'.
        var host = request.Host.Value ?? "";
        if (host.Length == 0 || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':'))
            return "'self'";
        var origin = $"{request.Scheme}://{host}";
        return $"{origin}/r/{id}/raw {origin}/r/{id}/live";
    }
}
