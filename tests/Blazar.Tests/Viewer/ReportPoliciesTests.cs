using Blazar.Viewer;
using Microsoft.AspNetCore.Http;

namespace Blazar.Tests.Viewer;

public sealed class ReportPoliciesTests
{
    private static string FrameSources(string scheme, string host)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        var policy = ReportPolicies.ReportPage(context.Request, "abc");
        return policy.Split("; ").Single(d => d.StartsWith("frame-src ", StringComparison.Ordinal))["frame-src ".Length..];
    }

    [Fact]
    public void The_report_frame_may_show_only_that_reports_stored_and_live_documents()
    {
        Assert.Equal("https://reports.example.com/r/abc/raw https://reports.example.com/r/abc/live", FrameSources("https", "reports.example.com"));
        Assert.Equal("http://127.0.0.1:5000/r/abc/raw http://127.0.0.1:5000/r/abc/live", FrameSources("http", "127.0.0.1:5000"));
    }

    [Fact]
    public void A_host_a_policy_cannot_name_falls_back_to_the_pages_own_origin()
    {
        Assert.Equal("'self'", FrameSources("http", "[::1]:5000"));
    }

    [Fact]
    public void Only_the_report_page_may_frame_anything()
    {
        Assert.Contains("frame-src 'none'", ReportPolicies.Page, StringComparison.Ordinal);
        Assert.StartsWith("sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none';", ReportPolicies.Stored, StringComparison.Ordinal);
    }
}
