using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Generation;
using Blazar.Testing;
using Blazar.Tests.Infrastructure;
using Blazar.Tests.Writers;

namespace Blazar.Tests.Reports;

public sealed class DataLimitsTests : IAsyncLifetime
{
    private BlazarServer _server = null!;

    public async Task InitializeAsync() => _server = await BlazarServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Wide(int columns) =>
        string.Join(',', Enumerable.Repeat("c", columns)) + "\n" + string.Join(',', Enumerable.Repeat("1", columns)) + "\n";

    [Theory]
    [InlineData("/api/reports")]
    [InlineData("/api/generate-report")]
    public async Task Data_with_too_many_columns_or_cells_is_a_400_that_names_the_limit(string path)
    {
        var tooWide = Wide(24_000); // the shape of the report that held a core for minutes
        var tooMany = "a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 50_001));

        foreach (var (data, expected) in new[] { (tooWide, "at most 200 columns"), (Wide(201), "at most 200 columns (it has 201)"), (tooMany, "at most 100,000 cells") })
        {
            var spec = new { title = "Too much", data };
            using var refused = path == "/api/reports" ? await _server.Client.PostAsJsonAsync(path, spec) : await _server.Client.PostAsJsonAsync(path, new { spec });

            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            var field = path == "/api/reports" ? "data" : "spec.data";
            Assert.Contains(expected, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Data_at_the_limits_is_accepted_and_written()
    {
        var id = await Api.StartAsync(_server.Client, new { title = "At the limits", data = OfflineRenderCostTests.Numbers(200, 500) });

        var report = await Api.WaitForStatusAsync(_server.Client, id, "done", "failed");

        Assert.Equal("done", report.GetProperty("status").GetString());
    }
}

/// <summary>
/// A report stopped mid-way costs nothing more: its run is gone and its writer's stream was cancelled where it stood.
/// (The render itself is linear and checks the token: OfflineRenderCostTests.)
/// </summary>
public sealed class StoppedReportTests : GatedServerTest
{
    [Fact]
    public async Task After_cancel_or_delete_of_a_report_with_the_most_data_nothing_of_it_runs()
    {
        var held = Gate.Hold("Largest data");
        var spec = new { title = "Largest data", sections = new[] { "Summary", "Data", "Next steps" }, data = OfflineRenderCostTests.Numbers(200, 500) };
        var cancelled = await Api.StartAsync(Server.Client, spec);
        var deleted = await Api.StartAsync(Server.Client, spec);
        held.Release(1);
        await Wait.UntilAsync(() => Task.FromResult(held.Waiting), n => n == 2, because: "both reports rendered and mid-way");
        var running = Server.Get<RunningGenerations>();
        Assert.Equal(2, running.Count);

        using (var cancel = await Api.PostAsync(Server.Client, $"/api/reports/{cancelled}/cancel"))
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        using (var delete = await Server.Client.DeleteAsync(new Uri($"/api/reports/{deleted}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        await Wait.UntilAsync(() => Task.FromResult(running.Count), n => n == 0, because: "no run left after cancel and delete");
        Assert.Equal(2, held.Cancelled); // both writers stopped where they stood, rather than writing on unseen
        Assert.Equal("cancelled", await Api.StatusAsync(Server.Client, cancelled));
        Assert.Equal(0, Server.Get<GenerationQueue>().Count);
    }
}
