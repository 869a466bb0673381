using System.Net;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Viewer;

public sealed class ViewerPageTests : GatedServerTest
{
    private const string ReportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'; base-uri 'none'";

    [Fact]
    public async Task The_same_url_is_the_report_page_while_generating_and_once_done_with_a_frame_that_may_show_only_this_report()
    {
        var held = Gate.Hold("Dual");
        var id = await Api.StartAsync(Server.Client, new { title = "Dual", sections = new[] { "One" } });
        var origin = Server.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);

        using var live = await Server.Client.GetAsync($"/r/{id}"); // while it is being written
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("data-testid=\"viewer-frame\"", await live.Content.ReadAsStringAsync());
        var policy = live.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains($"frame-src {origin}/r/{id}/raw {origin}/r/{id}/live;", policy);
        Assert.Equal("generating", await Api.StatusAsync(Server.Client, id));

        held.ReleaseAll();
        await Api.WaitForStatusAsync(Server.Client, id, "done");
        using var done = await Server.Client.GetAsync($"/r/{id}");
        Assert.Contains("data-testid=\"viewer-frame\"", await done.Content.ReadAsStringAsync());
        Assert.Equal(policy, done.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task The_stored_report_is_served_sandboxed_with_nothing_to_load_and_nothing_cached()
    {
        var held = Gate.Hold("Raw");
        var id = await Api.StartAsync(Server.Client, new { title = "Raw", sections = new[] { "One" } });
        held.Release(500);
        using (var early = await Server.Client.GetAsync($"/r/{id}/raw"))
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode); // nothing is stored until it is done

        held.ReleaseAll();
        await Api.WaitForStatusAsync(Server.Client, id, "done");
        using var raw = await Server.Client.GetAsync($"/r/{id}/raw");

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("text/html", raw.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<!doctype html>", await raw.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(
            $"sandbox allow-popups allow-popups-to-escape-sandbox; {ReportPolicy}; frame-ancestors 'self'",
            raw.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", raw.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-store", raw.Headers.CacheControl!.ToString());
        Assert.Equal("no-referrer", raw.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task The_live_frame_starts_as_an_empty_document_under_the_report_policy()
    {
        Gate.Hold("Live");
        var id = await Api.StartAsync(Server.Client, new { title = "Live", sections = new[] { "One" } });

        using var frame = await Server.Client.GetAsync($"/r/{id}/live");

        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        var document = await frame.Content.ReadAsStringAsync();
        Assert.StartsWith("<!doctype html>", document, StringComparison.Ordinal);
        Assert.Contains("<body></body>", document, StringComparison.Ordinal);
        var policy = frame.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal($"{ReportPolicy}; frame-ancestors 'self'", policy);
        Assert.DoesNotContain("sandbox", policy, StringComparison.Ordinal); // the frame's own flags keep it same-origin, so the page can write into it
        Assert.Equal("no-store", frame.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Unknown_reports_have_no_page_and_no_document()
    {
        const string Unknown = "AAAAAAAAAAAAAAAAAAAAAA";

        using var page = await Server.Client.GetAsync($"/r/{Unknown}");
        using var raw = await Server.Client.GetAsync($"/r/{Unknown}/raw");
        using var malformed = await Server.Client.GetAsync("/r/not-an-id/live");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Theory]
    [InlineData("/no/such/page")]
    [InlineData("/reports")]
    [InlineData("/r/AAAAAAAAAAAAAAAAAAAAAA/elsewhere")]
    public async Task An_address_that_leads_nowhere_is_the_404_page_for_people(string path)
    {
        using var response = await Server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("There is nothing here", html, StringComparison.Ordinal);
        Assert.Contains("default-src", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_API_address_is_a_problem_not_a_page()
    {
        using var response = await Server.Client.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nothing at this address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_names_the_favicon_and_it_is_served()
    {
        using var icon = await Server.Client.GetAsync("/favicon.svg");

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        foreach (var path in new[] { "/", "/no/such/page" })
        {
            using var page = await Server.Client.GetAsync(path);
            Assert.Contains("rel=\"icon\" href=\"/favicon.svg\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
