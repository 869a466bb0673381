using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Redis;
using Blazar.Reports;
using Blazar.Streaming;
using StackExchange.Redis;
using Blazar.Tests.Storage;

namespace Blazar.Tests.Redis;

/// <summary>Instances claim reports with leases; when one dies another takes its reports over.</summary>
[Collection("fleet")]
public sealed class RedisTakeoverTests(RedisFixture redis, PostgresFixture postgres) : IAsyncLifetime
{
    private readonly BlazarCluster _cluster = new(redis.Server, postgres.Server);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task When_an_instance_dies_another_takes_its_reports_over_and_viewers_see_one_seamless_text()
    {
        var a = await _cluster.StartAsync("Blazar:MaxConcurrentGenerations=1");
        var b = await _cluster.StartAsync();
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var writing = await a.StartReportAsync(BlazarCluster.Spec);
        var waiting = await a.StartReportAsync(BlazarCluster.Spec with { Title = "Q4 churn review" }); // queued behind the first on A
        var viewer = LiveViewer.Follow(b.Http, writing, null, _cluster.Token);
        held.Release(2000);
        await viewer.WaitForLengthAsync(1500, BlazarCluster.Patience);
        Assert.Equal(ReportStatus.Queued, (await b.GetReportAsync(waiting))!.Status);

        await a.CrashAsync(); // mid-way: its writer still waits at the gate
        held.ReleaseAll(); // so the instance that takes it over writes the rest at once

        var waitingViewer = LiveViewer.Follow(b.Http, waiting, null, _cluster.Token);
        await Task.WhenAll(viewer.Ended, waitingViewer.Ended).WaitAsync(BlazarCluster.Patience);
        Assert.Equal("done", viewer.EndEvent);
        Assert.Empty(viewer.Problems);
        Assert.Equal(await BlazarCluster.OfflineTextAsync(), viewer.Text);
        Assert.Equal(viewer.Text, await b.Http.GetStringAsync($"/r/{writing}/raw"));
        Assert.Equal("done", waitingViewer.EndEvent);
        Assert.Equal(await BlazarCluster.OfflineTextAsync(BlazarCluster.Spec with { Title = "Q4 churn review" }), waitingViewer.Text);
    }

    [Fact]
    public async Task An_instance_whose_lease_lapsed_while_it_stalled_stops_writing_and_the_taker_finishes_seamlessly()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        var viewer = LiveViewer.Follow(b.Http, id, null, _cluster.Token);
        held.Release(1500);
        await viewer.WaitForLengthAsync(1000, BlazarCluster.Patience);

        // What a long pause (GC, a frozen VM) looks like from Redis: A's lease is gone while A still runs.
        await b.Get<IConnectionMultiplexer>().GetDatabase().KeyDeleteAsync($"{_cluster.Prefix}lease:{id}");
        held.ReleaseAll(); // A wakes up and writes on, as a stalled instance does

        await viewer.Ended.WaitAsync(BlazarCluster.Patience);
        Assert.Equal("done", viewer.EndEvent);
        Assert.Empty(viewer.Problems);
        Assert.Equal(await BlazarCluster.OfflineTextAsync(), viewer.Text);
        Assert.Equal(viewer.Text, await a.Http.GetStringAsync($"/r/{id}/raw"));
        Assert.False(a.Get<RunningGenerations>().IsRunning(id));
    }

    [Fact]
    public async Task A_report_running_on_one_instance_can_be_stopped_from_another()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        var viewer = LiveViewer.Follow(b.Http, id, null, _cluster.Token);
        held.Release(1000);
        await viewer.WaitForLengthAsync(500, BlazarCluster.Patience); // held there: still being written when it is stopped

        var response = await b.Http.PostAsync($"/api/reports/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await viewer.Ended.WaitAsync(BlazarCluster.Patience);
        Assert.Equal("error", viewer.EndEvent);
        Assert.Equal("cancelled", viewer.EndData.GetProperty("status").GetString());
        var report = (await b.GetReportAsync(id))!;
        Assert.Equal(ReportStatus.Cancelled, report.Status);
        Assert.Equal(viewer.Length, report.Length);
        Assert.True(report.Length < (await BlazarCluster.OfflineTextAsync()).Length);
    }

    [Fact]
    public async Task A_report_stopped_and_continued_in_a_race_stays_claimed_by_the_instance_writing_it()
    {
        var a = await _cluster.StartAsync();
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        var viewer = LiveViewer.Follow(a.Http, id, null, _cluster.Token);
        held.Release(500);
        await viewer.WaitForLengthAsync(200, BlazarCluster.Patience);
        var redisDb = a.Get<IConnectionMultiplexer>().GetDatabase();

        for (var round = 0; round < 12; round++)
        {
            using (await a.Http.PostAsync($"/api/reports/{id}/cancel", null)) { }
            // The stop's run is still ending when the continues land: it must not let go of the claim they took.
            await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
            {
                using var response = await a.Http.PostAsync($"/api/reports/{id}/continue", null);
                Assert.True((int)response.StatusCode < 500);
            }));
            var report = await Wait.UntilAsync(() => a.GetReportAsync(id), r => r!.Status != ReportStatus.Queued, BlazarCluster.Patience);
            if (report!.Status == ReportStatus.Generating) // held at the gate by the run that writes it now
                Assert.True(await redisDb.KeyExistsAsync($"{_cluster.Prefix}lease:{id}"), $"round {round}: a running report without its claim");
        }
    }

    [Fact]
    public async Task A_report_running_on_one_instance_can_be_deleted_from_another()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        var viewer = LiveViewer.Follow(b.Http, id, null, _cluster.Token);
        held.Release(1000);
        await viewer.WaitForLengthAsync(500, BlazarCluster.Patience); // held there: still being written when it is stopped

        var response = await b.Http.DeleteAsync($"/api/reports/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(a.Get<RunningGenerations>().IsRunning(id)); // stopped before it was deleted
        Assert.Null(await a.GetReportAsync(id));
        Assert.Null(await b.GetReportAsync(id));
        await viewer.Ended.WaitAsync(BlazarCluster.Patience);
        Assert.NotEqual("done", viewer.EndEvent);
    }

    [Fact]
    public async Task A_report_stopped_while_its_instance_is_dead_ends_cancelled_when_taken_over()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        var viewer = LiveViewer.Follow(b.Http, id, null, _cluster.Token);
        held.Release(1500);
        await viewer.WaitForLengthAsync(1000, BlazarCluster.Patience);
        await a.CrashAsync(); // mid-way, and held there: the taker can only end it by the stop request

        var response = await b.Http.PostAsync($"/api/reports/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await viewer.Ended.WaitAsync(BlazarCluster.Patience);
        Assert.Equal("cancelled", viewer.EndData.GetProperty("status").GetString());
        Assert.Empty(viewer.Problems);
        var report = (await b.GetReportAsync(id))!;
        Assert.Equal(ReportStatus.Cancelled, report.Status);
        Assert.Equal(viewer.Length, report.Length);
        Assert.StartsWith(viewer.Text, await BlazarCluster.OfflineTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_instance_leaves_reports_that_a_live_instance_holds_alone()
    {
        var a = await _cluster.StartAsync();
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        var viewer = LiveViewer.Follow(a.Http, id, null, _cluster.Token);
        held.Release(500);
        await viewer.WaitForLengthAsync(300, BlazarCluster.Patience);

        var b = await _cluster.StartAsync(); // its start-up recovery sees the report generating
        var lease = (RedisKey)$"{_cluster.Prefix}lease:{id}";
        var db = b.Get<IConnectionMultiplexer>().GetDatabase();
        // For longer than a lease, while the report is held mid-way, A keeps it: counted in A's renewals (every third of
        // a lease, seen as the lease's time to live going up), on the cadence B looks for orphans too.
        var renewals = 0;
        TimeSpan? lastTimeToLive = null;
        await Wait.UntilAsync(async () =>
        {
            Assert.Equal(a.Get<RedisKeys>().Instance, (string?)await db.StringGetAsync(lease));
            Assert.DoesNotContain(id, b.Get<RedisGenerationLeases>().Held);
            var timeToLive = await db.KeyTimeToLiveAsync(lease);
            if (timeToLive > lastTimeToLive)
                renewals++;
            lastTimeToLive = timeToLive;
            return renewals;
        }, n => n >= 4 || viewer.Ended.IsCompleted, BlazarCluster.Patience, because: "A to renew its lease past the length of one lease");

        Assert.True(renewals >= 4, "the report finished before the new instance could have taken it");
        Assert.Equal(1, held.Waiting); // A's writer is still the one waiting to write it
        held.ReleaseAll();
        await viewer.Ended.WaitAsync(BlazarCluster.Patience);
        Assert.Empty(viewer.Problems);
        Assert.Equal(await BlazarCluster.OfflineTextAsync(), viewer.Text);
    }

    [Fact]
    public async Task An_instance_that_shuts_down_hands_its_report_over_to_another()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        var viewer = LiveViewer.Follow(b.Http, id, null, _cluster.Token);
        held.Release(2000);
        await viewer.WaitForLengthAsync(1500, BlazarCluster.Patience);

        await a.DisposeAsync(); // graceful, mid-way: it saves what it wrote and lets the report go
        held.ReleaseAll();

        await viewer.Ended.WaitAsync(BlazarCluster.Patience);
        Assert.Equal("done", viewer.EndEvent);
        Assert.Empty(viewer.Problems);
        Assert.Equal(await BlazarCluster.OfflineTextAsync(), viewer.Text);
    }

    [Fact]
    public async Task An_instance_without_the_lease_cannot_append_to_a_report()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        var viewer = LiveViewer.Follow(b.Http, id, null, _cluster.Token);
        held.Release(500);
        await viewer.WaitForLengthAsync(100, BlazarCluster.Patience); // held there, so A holds the lease while B tries

        var refused = await Assert.ThrowsAsync<RedisServerException>(async () => await b.Get<IChunkLog>().AppendAsync(id, "<p>stale</p>", 50, CancellationToken.None));

        Assert.Contains("fenced", refused.Message, StringComparison.Ordinal);
    }
}
