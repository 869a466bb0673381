using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Storage;

/// <summary><c>GET /api/reports</c> over real HTTP on a SQLite file: pages with a cursor, search, and exact text.</summary>
public sealed class ManifestApiTests : IAsyncLifetime
{
    private BlazarServer _server = null!;

    public async Task InitializeAsync() => _server = await BlazarServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_manifest_pages_newest_first_through_its_Link_header_and_stays_a_plain_array()
    {
        var started = new List<string>();
        for (var i = 0; i < 5; i++)
            started.Add(await Api.StartAsync(_server.Client, new { title = $"Report {i}" }));
        var all = await _server.Client.GetFromJsonAsync<JsonElement[]>("/api/reports");
        Assert.Equal(5, all!.Length);

        var paged = new List<string>();
        var next = "/api/reports?limit=2";
        var pages = 0;
        while (next is not null)
        {
            using var response = await _server.Client.GetAsync(next);
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync<JsonElement[]>();
            Assert.InRange(page!.Length, 1, 2);
            paged.AddRange(page.Select(e => e.GetProperty("id").GetString()!));
            next = response.Headers.TryGetValues("Link", out var links) ? Next(links.Single()) : null;
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(all.Select(e => e.GetProperty("id").GetString()), paged);
        Assert.Equal(started.Order(), paged.Order());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=two")]
    [InlineData("before=not-an-id")]
    [InlineData("q=x&limit=51")]
    public async Task A_bad_page_request_is_a_400_naming_the_field(string query)
    {
        using var response = await _server.Client.GetAsync($"/api/reports?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(query.Contains("before", StringComparison.Ordinal) ? "before" : "limit", out _));
    }

    [Fact]
    public async Task Search_finds_finished_reports_by_their_text_with_a_snippet()
    {
        var id = await Api.StartAsync(_server.Client, new { title = "Field diary", sections = new[] { "Overview", "Wombat burrows at dusk" } });
        var other = await Api.StartAsync(_server.Client, new { title = "Harbour notes" });
        await Api.WaitForStatusAsync(_server.Client, id, "done");
        await Api.WaitForStatusAsync(_server.Client, other, "done");

        var hits = await _server.Client.GetFromJsonAsync<JsonElement[]>("/api/reports?q=wombat%20burrows");

        var hit = Assert.Single(hits!);
        Assert.Equal(id, hit.GetProperty("id").GetString());
        Assert.Equal("done", hit.GetProperty("status").GetString());
        Assert.Contains("Wombat burrows", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.Empty((await _server.Client.GetFromJsonAsync<JsonElement[]>("/api/reports?q=wombat%20walrus"))!);
        Assert.False((await _server.Client.GetFromJsonAsync<JsonElement[]>("/api/reports"))![0].TryGetProperty("snippet", out _)); // the manifest's shape is unchanged
    }

    [Fact]
    public async Task A_title_with_a_NUL_is_stored_whole_and_the_stored_report_matches_the_manifest()
    {
        var id = await Api.StartAsync(_server.Client, new { title = "a\u0000b", summary = "before\u0000after", data = "x,y\n1,\u0000\n" });
        var done = await Api.WaitForStatusAsync(_server.Client, id, "done");

        var html = await _server.Client.GetStringAsync($"/r/{id}/raw");
        Assert.Equal(done.GetProperty("length").GetInt32(), html.Length);
        Assert.EndsWith("</html>", html.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal("a\u0000b", done.GetProperty("title").GetString());
        Assert.Equal("before\u0000after", done.GetProperty("summary").GetString());
    }

    private static string Next(string link)
    {
        Assert.EndsWith("; rel=\"next\"", link, StringComparison.Ordinal);
        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
    }
}
