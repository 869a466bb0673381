using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Reports;
using Blazar.Streaming;
using StackExchange.Redis;
using Blazar.Tests.Storage;

namespace Blazar.Tests.Redis;

/// <summary>Several instances on one redis-server share every report's stream and the hub.</summary>
[Collection("fleet")]
public sealed class RedisStreamingTests(RedisFixture redis, PostgresFixture postgres) : IAsyncLifetime
{
    private readonly BlazarCluster _cluster = new(redis.Server, postgres.Server);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_session_cookie_from_one_instance_signs_in_on_another()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var cookies = new System.Net.CookieContainer();
        using var onA = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = a.BaseAddress };
        using (var login = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(onA, "/api/account/login",
            new { email = Blazar.Testing.TestAccounts.AdminEmail, password = Blazar.Testing.TestAccounts.AdminPassword }))
            Assert.Equal(System.Net.HttpStatusCode.NoContent, login.StatusCode);
        var session = cookies.GetCookies(a.BaseAddress)["blazar.session"]!.Value;

        using var onB = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = b.BaseAddress };
        onB.DefaultRequestHeaders.Add("Cookie", $"blazar.session={session}");
        using var me = await onB.GetAsync("/api/account");

        Assert.Equal(System.Net.HttpStatusCode.OK, me.StatusCode); // the keys that protect it are in the shared database
    }

    [Fact]
    public async Task Viewers_on_another_instance_receive_the_text_the_first_instance_stores()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();

        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        var fromStart = LiveViewer.Follow(b.Http, id, null, _cluster.Token);
        held.Release(2500);
        await fromStart.WaitForLengthAsync(2000, BlazarCluster.Patience);
        var midway = fromStart.Length;
        var fromMidway = LiveViewer.Follow(b.Http, id, midway, _cluster.Token); // joins while the report is held mid-way
        held.ReleaseAll();
        await Task.WhenAll(fromStart.Ended, fromMidway.Ended).WaitAsync(BlazarCluster.Patience);

        var stored = await a.Http.GetStringAsync($"/r/{id}/raw");
        Assert.Equal("done", fromStart.EndEvent);
        Assert.Empty(fromStart.Problems);
        Assert.Equal(stored, fromStart.Text);
        Assert.Equal("done", fromMidway.EndEvent);
        Assert.Empty(fromMidway.Problems);
        Assert.Equal(stored[midway..], fromMidway.Text);
        Assert.Equal(await BlazarCluster.OfflineTextAsync(), stored);
    }

    [Fact]
    public async Task Hub_on_another_instance_sees_reports_appear_and_finish()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        _cluster.Gate.Hold("Already running"); // held for the whole test: it is being written when the hub connects
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var running = await a.StartReportAsync(BlazarCluster.Spec with { Title = "Already running" });
        var seen = new System.Collections.Concurrent.ConcurrentQueue<ReportEntry>();
        var hub = Task.Run(async () =>
        {
            using var response = await ReportStream.OpenAsync(b.Http, "/api/hub/events", cancellationToken: _cluster.Token);
            await foreach (var item in ReportStream.ReadAsync(response, _cluster.Token))
                if (item.Type == "report")
                    seen.Enqueue(item.Data.Deserialize<ReportEntry>(BlazarJson.Options)!);
        });
        // A hub that connects while a report is being written elsewhere sees it at once.
        await Wait.UntilAsync(() => Task.FromResult(seen.Any(e => e.Id == running && e.Status.IsActive())), ok => ok, BlazarCluster.Patience);

        var started = await a.StartReportAsync(BlazarCluster.Spec);
        held.Release(2000);
        // Held mid-way until the hub has heard of its progress, then let go.
        await Wait.UntilAsync(
            () => Task.FromResult(seen.Any(e => e.Id == started && e.Status == ReportStatus.Generating && e.Progress > 0)), ok => ok, BlazarCluster.Patience,
            "the hub to see the report's progress while it is held mid-way");
        held.ReleaseAll();

        await Wait.UntilAsync(() => Task.FromResult(seen.Any(e => e.Id == started && e.Status == ReportStatus.Done)), ok => ok, BlazarCluster.Patience);
        var changes = seen.Where(e => e.Id == started).ToList();
        Assert.True(changes[0].Status.IsActive(), $"first seen as {changes[0].Status}");
        Assert.Contains(changes, e => e.Status == ReportStatus.Generating && e.Progress is > 0 and < 100);
        Assert.Equal(ReportStatus.Done, changes[^1].Status);
        Assert.False(hub.IsFaulted);
    }

    [Fact]
    public async Task Many_viewers_on_one_instance_share_one_subscription_and_one_connection()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        var viewers = Enumerable.Range(0, 100).Select(_ => LiveViewer.Follow(b.Http, id, null, _cluster.Token)).ToList();
        held.Release(1500);
        await Task.WhenAll(viewers.Select(v => v.WaitForLengthAsync(1000, BlazarCluster.Patience))); // and held there while Redis is asked

        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var subscribers = (RedisResult[])(await server.ExecuteAsync("PUBSUB", "NUMSUB", $"{_cluster.Prefix}log:{id}"))!;
        var clients = (await server.ClientListAsync()).Count(c => c.Name == "blazar");

        // B follows the log once for all 100 viewers, in one broadcast: at most one subscription (while text keeps
        // coming, its follower reads on without waiting, so it need not be subscribed at that moment); A has no viewers,
        // and so no broadcast. (That B's viewers share one broadcast is shown by RedisBroadcastTests, which hold the writer.)
        Assert.InRange((int)subscribers[1], 0, 1);
        Assert.Equal(0, a.Get<ReportBroadcasts>().Count);
        Assert.InRange(clients, 1, 4); // two instances, each with its command and subscription connections
        held.ReleaseAll();
        await Task.WhenAll(viewers.Select(v => v.Ended)).WaitAsync(BlazarCluster.Patience);
        var expected = await BlazarCluster.OfflineTextAsync();
        Assert.All(viewers, v => Assert.Equal(expected, v.Text));
        Assert.All(viewers, v => Assert.Empty(v.Problems));
    }
}
