using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Reports;

public sealed class BadInputTests : IAsyncLifetime
{
    private BlazarServer _server = null!;

    public async Task InitializeAsync() => _server = await BlazarServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_spec_without_a_title_is_refused_field_by_field()
    {
        var problem = await PostProblemAsync("/api/reports", new { title = " ", sections = new[] { "Fine", "" } }, HttpStatusCode.BadRequest);

        Assert.True(problem.TryGetProperty("detail", out _));
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("sections[1]", out _));
        Assert.False(errors.TryGetProperty("sections[0]", out _));
    }

    [Fact]
    public async Task Too_many_or_too_long_sections_and_a_long_title_are_refused()
    {
        var problem = await PostProblemAsync("/api/reports", new
        {
            title = new string('t', 201),
            sections = Enumerable.Range(0, 41).Select(i => i == 3 ? new string('s', 201) : $"Section {i}").ToArray(),
        }, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Contains("200", errors.GetProperty("title")[0].GetString());
        Assert.Contains("40", errors.GetProperty("sections")[0].GetString());
        Assert.True(errors.TryGetProperty("sections[3]", out _));
    }

    [Fact]
    public async Task Generate_report_names_fields_inside_the_spec()
    {
        var problem = await PostProblemAsync("/api/generate-report", new { spec = new { title = "" } }, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("spec.title", out _));

        var missing = await PostProblemAsync("/api/generate-report", new { }, HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("spec", out _));
    }

    [Fact]
    public async Task Malformed_json_and_wrong_types_are_clear_400s()
    {
        using var broken = await _server.Client.PostAsync("/api/reports", new StringContent("{\"title\": ", Encoding.UTF8, "application/json"));
        using var wrongType = await _server.Client.PostAsync("/api/reports", new StringContent("{\"title\": \"x\", \"sections\": \"one\"}", Encoding.UTF8, "application/json"));
        using var notJson = await _server.Client.PostAsync("/api/reports", new StringContent("title=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        foreach (var response in new[] { broken, wrongType, notJson })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var errors = (await wrongType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("sections", out _));
    }

    [Fact]
    public async Task Bodies_over_256_KiB_are_refused_with_413_and_nothing_is_created()
    {
        var before = (await _server.Client.GetFromJsonAsync<JsonElement[]>("/api/reports"))!.Length;
        var spec = new { title = "Big", data = new string('x', 257 * 1024) };

        await PostProblemAsync("/api/reports", spec, HttpStatusCode.RequestEntityTooLarge);
        // Without a Content-Length the limit still holds while reading.
        var chunked = new StringContent(JsonSerializer.Serialize(spec), Encoding.UTF8, "application/json");
        chunked.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, (await _server.Client.GetFromJsonAsync<JsonElement[]>("/api/reports"))!.Length);
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_404_and_never_reflected()
    {
        const string hostile = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
        foreach (var path in new[] { "/api/reports/AAAAAAAAAAAAAAAAAAAAAA", $"/api/reports/{hostile}", $"/api/reports/{hostile}/events", "/r/AAAAAAAAAAAAAAAAAAAAAA" })
        {
            using var response = await _server.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("script", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        using var page = await _server.Client.GetAsync($"/r/{hostile}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("alert", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("https://evil.example")]
    public async Task State_changing_requests_from_an_opaque_or_foreign_origin_are_refused(string origin)
    {
        var id = await Api.StartAsync(_server.Client, new { title = "Target" });
        foreach (var (method, path) in new[] { ("POST", "/api/reports"), ("POST", $"/api/reports/{id}/cancel"), ("POST", $"/api/reports/{id}/continue"), ("DELETE", $"/api/reports/{id}"), ("POST", "/api/generate-report") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { title = "x" }) };
            request.Headers.Add("Origin", origin);
            using var response = await _server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync($"/api/reports/{id}")).StatusCode);
    }

    [Fact]
    public async Task Same_origin_requests_from_our_pages_are_allowed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(new { title = "Mine" }) };
        request.Headers.Add("Origin", _server.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var response = await _server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<JsonElement> PostProblemAsync(string path, object body, HttpStatusCode expected)
    {
        using var response = await _server.Client.PostAsJsonAsync(path, body);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
