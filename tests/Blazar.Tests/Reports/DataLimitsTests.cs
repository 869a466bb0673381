using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    /// <summary>Tests that measure the process's CPU time, so nothing else may run beside them.</summary>
    public const string Name = "alone";
}

[Collection(AloneCollection.Name)]
public sealed class StoppedReportCpuTests : IAsyncLifetime
{
    private BlazarServer _server = null!;

    // Slow enough that both reports are still being written when they are stopped.
    public async Task InitializeAsync() => _server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["Offline:CharsPerSecond"] = "2000" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task After_cancel_or_delete_a_report_with_the_most_data_spends_no_more_CPU()
    {
        await StopTwoAsync(); // a first round, so the JIT's work on a fresh server is not counted as the report's
        await Task.Delay(TimeSpan.FromSeconds(2));

        var cancelled = await StopTwoAsync();
        await Task.Delay(TimeSpan.FromSeconds(1)); // the 1 s they are allowed

        // The quieter of the next two seconds: a report still being written keeps both busy, while the runtime's
        // one-off work after a round (tiered JIT, a background GC) lands in one of them at most.
        var spent = Min(await CpuOverAsync(TimeSpan.FromSeconds(1)), await CpuOverAsync(TimeSpan.FromSeconds(1)));

        Assert.Equal("cancelled", await Api.StatusAsync(_server.Client, cancelled));
        // A writer that ignored cancellation (the offline one rendered everything up front) would keep a core busy here.
        Assert.True(spent < TimeSpan.FromMilliseconds(250), $"The process spent {spent.TotalMilliseconds:0} ms of CPU in the quieter of the two seconds that began 1 s after stopping.");
    }

    private static async Task<TimeSpan> CpuOverAsync(TimeSpan window)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        await Task.Delay(window);
        process.Refresh();
        return process.TotalProcessorTime - before;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Starts two reports at the data limits, cancels one and deletes the other; the cancelled one's id.</summary>
    private async Task<string> StopTwoAsync()
    {
        var spec = new { title = "Largest data", sections = new[] { "Summary", "Data", "Next steps" }, data = OfflineRenderCostTests.Numbers(200, 500) };
        var cancelled = await Api.StartAsync(_server.Client, spec);
        var deleted = await Api.StartAsync(_server.Client, spec);
        await Api.WaitForStatusAsync(_server.Client, cancelled, "generating");
        await Api.WaitForStatusAsync(_server.Client, deleted, "generating");

        using (var cancel = await Api.PostAsync(_server.Client, $"/api/reports/{cancelled}/cancel"))
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        using (var delete = await _server.Client.DeleteAsync(new Uri($"/api/reports/{deleted}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        return cancelled;
    }
}
