using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Reports;

public sealed class SpecLimitsTests : IAsyncLifetime
{
    private BlazarServer _server = null!;

    public async Task InitializeAsync() => _server = await BlazarServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("summary", 500)]
    [InlineData("audience", 200)]
    [InlineData("tone", 200)]
    [InlineData("instructions", 20_000)]
    [InlineData("data", 200 * 1024)]
    public async Task Every_field_has_a_limit_named_in_its_error(string field, int limit)
    {
        var fits = new Dictionary<string, object> { ["title"] = "Limits", [field] = new string('x', limit) };
        var over = new Dictionary<string, object> { ["title"] = "Limits", [field] = new string('x', limit + 1) };

        using var accepted = await _server.Client.PostAsJsonAsync("/api/reports", fits);
        using var refused = await _server.Client.PostAsJsonAsync("/api/reports", over);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var message = Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString()!;
        Assert.Contains($"at most {limit:N0} characters", message, StringComparison.Ordinal);
        Assert.Contains(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_section_is_named_by_its_number_in_words()
    {
        using var refused = await _server.Client.PostAsJsonAsync("/api/generate-report", new { spec = new { title = "T", sections = new[] { "Fine", " ", new string('s', 201) } } });

        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Equal("Section 2 needs a name.", errors.GetProperty("spec.sections[1]")[0].GetString());
        Assert.StartsWith("Section 3 (\"ssss", errors.GetProperty("spec.sections[2]")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Please correct", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Section 2 needs a name.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
