using System.Net;
using System.Net.Http.Json;
using Blazar.Tests.Storage;

namespace Blazar.Tests.Redis;

/// <summary>A revision written by one instance of a fleet, followed from another through the shared chunk log.</summary>
[Collection("fleet")]
public sealed class RedisRevisionTests(RedisFixture redis, PostgresFixture postgres) : IAsyncLifetime
{
    private readonly BlazarCluster _cluster = new(redis.Server, postgres.Server);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_section_revision_on_one_instance_streams_as_version_2_on_another()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var id = await a.StartReportAsync(BlazarCluster.Spec with { Title = "Fleet revision" });
        await Wait.UntilAsync(() => a.GetReportAsync(id), r => r?.Status == Blazar.Reports.ReportStatus.Done, BlazarCluster.Patience);
        var first = await a.Http.GetStringAsync($"/r/{id}/raw");
        var start = first.IndexOf("<section>\n<h2>Drivers</h2>", StringComparison.Ordinal);
        using (var renamed = await a.Http.PatchAsJsonAsync($"/api/reports/{id}", new { title = "Fleet revision, held" }))
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var held = _cluster.Gate.Hold("held");

        using (var revised = await a.Http.PostAsJsonAsync($"/api/reports/{id}/revisions", new { instruction = "Lead with the largest driver", section = "Drivers" }))
            Assert.Equal(HttpStatusCode.Accepted, revised.StatusCode);

        using var response = await ReportStream.OpenAsync(b.Http, $"/api/reports/{id}/events", first.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), _cluster.Token);
        await using var events = ReportStream.ReadAsync(response, _cluster.Token).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(("reset", 0, 2), (events.Current.Type, events.Current.Data.GetProperty("length").GetInt32(), events.Current.Version));
        var chunks = new List<StreamEvent>();
        while ((chunks.Count == 0 || chunks[^1].Length < start) && await events.MoveNextAsync())
            chunks.Add(events.Current);
        Assert.Equal(first[..start], ReportStream.Text(chunks)); // the log of version 2 begins with the text before the section
        held.ReleaseAll();
        while (await events.MoveNextAsync() && events.Current.Type == "chunk")
            chunks.Add(events.Current);

        Assert.Equal(("done", 2), (events.Current.Type, events.Current.Version));
        var second = await a.Http.GetStringAsync($"/r/{id}/raw");
        Assert.Equal(second, ReportStream.Text(chunks));
        Assert.Equal(first, await b.Http.GetStringAsync($"/r/{id}/raw?v=1"));
        Assert.Contains("Revised as asked: “Lead with the largest driver”", second, StringComparison.Ordinal);
    }
}
