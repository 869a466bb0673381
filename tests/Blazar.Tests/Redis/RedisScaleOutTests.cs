using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Blazar.Extensions;
using Blazar.Generation;
using Blazar.Reports;
using Blazar.Streaming;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Blazar.Tests.Redis;

/// <summary>Several Blazar instances on one real redis-server: shared reports, streams, hub and takeover.</summary>
[Collection("redis")]
public sealed class RedisScaleOutTests(RedisFixture redis) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly Spec Spec = new()
    {
        Title = "Q3 churn review",
        Summary = "Why churn rose in Q3 and what to do",
        Audience = "leadership",
        Sections = ["Executive summary", "Drivers", "Recommendations"],
        Data = "month,churn\nJul,2.1\nAug,2.6\nSep,3.4\n",
    };

    private readonly string _prefix = $"test-{Guid.NewGuid():N}:";
    private readonly List<BlazarInstance> _instances = [];
    private readonly CancellationTokenSource _done = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _done.CancelAsync();
        foreach (var instance in _instances)
            await instance.DisposeAsync();
    }

    public void Dispose() => _done.Dispose();

    [Fact]
    public async Task Viewers_on_another_instance_receive_the_text_the_first_instance_stores()
    {
        var a = await StartInstanceAsync(charsPerSecond: 6000);
        var b = await StartInstanceAsync(charsPerSecond: 6000);

        var id = await a.StartReportAsync(Spec);
        var fromStart = ReportStream.Follow(b.Http, id, null, _done.Token);
        await fromStart.WaitForLengthAsync(2000, Patience);
        var midway = fromStart.Length;
        var fromMidway = ReportStream.Follow(b.Http, id, midway, _done.Token);
        await Task.WhenAll(fromStart.Ended, fromMidway.Ended).WaitAsync(Patience);

        var stored = await a.Http.GetStringAsync($"/r/{id}");
        Assert.Equal("done", fromStart.EndEvent);
        Assert.Empty(fromStart.Problems);
        Assert.Equal(stored, fromStart.Text);
        Assert.Equal("done", fromMidway.EndEvent);
        Assert.Empty(fromMidway.Problems);
        Assert.Equal(stored[midway..], fromMidway.Text);
        Assert.Equal(await ExpectedTextAsync(), stored);
    }

    [Fact]
    public async Task Hub_on_another_instance_sees_reports_appear_and_finish()
    {
        var a = await StartInstanceAsync(charsPerSecond: 4000);
        var b = await StartInstanceAsync(charsPerSecond: 4000);
        var running = await a.StartReportAsync(Spec with { Title = "Already running" });
        var seen = new System.Collections.Concurrent.ConcurrentQueue<ReportEntry>();
        var hub = Task.Run(async () =>
        {
            await using var body = await b.Http.GetStreamAsync("/api/hub/events", _done.Token);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(_done.Token))
                if (item.EventType == "report")
                    seen.Enqueue(JsonSerializer.Deserialize<ReportEntry>(item.Data, BlazarJson.Options)!);
        });
        // A hub that connects while a report is being written elsewhere sees it at once.
        await WaitUntilAsync(() => Task.FromResult(seen.Any(e => e.Id == running && e.Status.IsActive())));

        var started = await a.StartReportAsync(Spec);

        await WaitUntilAsync(() => Task.FromResult(seen.Any(e => e.Id == started && e.Status == ReportStatus.Done)));
        var changes = seen.Where(e => e.Id == started).ToList();
        Assert.True(changes[0].Status.IsActive(), $"first seen as {changes[0].Status}");
        Assert.Contains(changes, e => e.Status == ReportStatus.Generating && e.Progress is > 0 and < 100);
        Assert.Equal(ReportStatus.Done, changes[^1].Status);
        Assert.False(hub.IsFaulted);
    }

    [Fact]
    public async Task When_an_instance_dies_another_takes_its_reports_over_and_viewers_see_one_seamless_text()
    {
        var a = await StartInstanceAsync(charsPerSecond: 3000, "Blazar:MaxConcurrentGenerations=1");
        var b = await StartInstanceAsync(charsPerSecond: 3000);
        var writing = await a.StartReportAsync(Spec);
        var waiting = await a.StartReportAsync(Spec with { Title = "Q4 churn review" }); // queued behind the first on A
        var viewer = ReportStream.Follow(b.Http, writing, null, _done.Token);
        await viewer.WaitForLengthAsync(1500, Patience);
        Assert.Equal(ReportStatus.Queued, (await b.GetReportAsync(waiting))!.Status);

        await a.CrashAsync();

        var waitingViewer = ReportStream.Follow(b.Http, waiting, null, _done.Token);
        await Task.WhenAll(viewer.Ended, waitingViewer.Ended).WaitAsync(Patience);
        Assert.Equal("done", viewer.EndEvent);
        Assert.Empty(viewer.Problems);
        Assert.Equal(await ExpectedTextAsync(), viewer.Text);
        Assert.Equal(viewer.Text, await b.Http.GetStringAsync($"/r/{writing}"));
        Assert.Equal("done", waitingViewer.EndEvent);
        Assert.Equal(await ExpectedTextAsync(Spec with { Title = "Q4 churn review" }), waitingViewer.Text);
    }

    [Fact]
    public async Task A_report_running_on_one_instance_can_be_stopped_from_another()
    {
        var a = await StartInstanceAsync(charsPerSecond: 2000);
        var b = await StartInstanceAsync(charsPerSecond: 2000);
        var id = await a.StartReportAsync(Spec);
        var viewer = ReportStream.Follow(b.Http, id, null, _done.Token);
        await viewer.WaitForLengthAsync(500, Patience);

        var response = await b.Http.PostAsync($"/api/reports/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await viewer.Ended.WaitAsync(Patience);
        Assert.Equal("error", viewer.EndEvent);
        Assert.Equal("cancelled", viewer.EndData.GetProperty("status").GetString());
        var report = (await b.GetReportAsync(id))!;
        Assert.Equal(ReportStatus.Cancelled, report.Status);
        Assert.Equal(viewer.Length, report.Length);
        Assert.True(report.Length < (await ExpectedTextAsync()).Length);
    }

    [Fact]
    public async Task A_report_stopped_while_its_instance_is_dead_ends_cancelled_when_taken_over()
    {
        var a = await StartInstanceAsync(charsPerSecond: 3000);
        var b = await StartInstanceAsync(charsPerSecond: 3000);
        var id = await a.StartReportAsync(Spec);
        var viewer = ReportStream.Follow(b.Http, id, null, _done.Token);
        await viewer.WaitForLengthAsync(1000, Patience);
        await a.CrashAsync();

        var response = await b.Http.PostAsync($"/api/reports/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await viewer.Ended.WaitAsync(Patience);
        Assert.Equal("cancelled", viewer.EndData.GetProperty("status").GetString());
        Assert.Empty(viewer.Problems);
        var report = (await b.GetReportAsync(id))!;
        Assert.Equal(ReportStatus.Cancelled, report.Status);
        Assert.Equal(viewer.Length, report.Length);
        Assert.StartsWith(viewer.Text, await ExpectedTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_instance_leaves_reports_that_a_live_instance_holds_alone()
    {
        var a = await StartInstanceAsync(charsPerSecond: 4000);
        var id = await a.StartReportAsync(Spec);
        var viewer = ReportStream.Follow(a.Http, id, null, _done.Token);
        await viewer.WaitForLengthAsync(500, Patience);

        var b = await StartInstanceAsync(charsPerSecond: 4000); // its start-up recovery sees the report generating
        await Task.Delay(TimeSpan.FromSeconds(3)); // longer than a lease, so a stolen report would show
        Assert.DoesNotContain(id, b.Get<RedisGenerationLeases>().Held);

        await viewer.Ended.WaitAsync(Patience);
        Assert.Empty(viewer.Problems);
        Assert.Equal(await ExpectedTextAsync(), viewer.Text);
    }

    [Fact]
    public async Task An_instance_without_the_lease_cannot_append_to_a_report()
    {
        var a = await StartInstanceAsync(charsPerSecond: 1000);
        var b = await StartInstanceAsync(charsPerSecond: 1000);
        var id = await a.StartReportAsync(Spec);
        var viewer = ReportStream.Follow(b.Http, id, null, _done.Token);
        await viewer.WaitForLengthAsync(100, Patience);

        var refused = await Assert.ThrowsAsync<RedisServerException>(async () => await b.Get<IChunkLog>().AppendAsync(id, "<p>stale</p>", 50, CancellationToken.None));

        Assert.Contains("fenced", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_viewers_on_one_instance_share_one_subscription_and_one_connection()
    {
        var a = await StartInstanceAsync(charsPerSecond: 4000);
        var b = await StartInstanceAsync(charsPerSecond: 4000);
        var id = await a.StartReportAsync(Spec);
        var viewers = Enumerable.Range(0, 100).Select(_ => ReportStream.Follow(b.Http, id, null, _done.Token)).ToList();
        await Task.WhenAll(viewers.Select(v => v.WaitForLengthAsync(1000, Patience)));

        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var subscribers = (RedisResult[])(await server.ExecuteAsync("PUBSUB", "NUMSUB", $"{_prefix}log:{id}"))!;
        var clients = (await server.ClientListAsync()).Count(c => c.Name == "blazar");

        Assert.Equal(1, (int)subscribers[1]); // B's one subscription; A has no viewers
        Assert.InRange(clients, 1, 4); // two instances, each with its command and subscription connections
        await Task.WhenAll(viewers.Select(v => v.Ended)).WaitAsync(Patience);
        var expected = await ExpectedTextAsync();
        Assert.All(viewers, v => Assert.Equal(expected, v.Text));
        Assert.All(viewers, v => Assert.Empty(v.Problems));
    }

    [Fact]
    public async Task A_finished_report_is_still_served_after_its_stream_expires()
    {
        var a = await StartInstanceAsync(charsPerSecond: 0, "Blazar:Redis:FinishedStreamTtlSeconds=1");
        var id = await a.StartReportAsync(Spec);
        await ReportStream.Follow(a.Http, id, null, _done.Token).Ended.WaitAsync(Patience);
        var db = a.Get<IConnectionMultiplexer>().GetDatabase();
        await WaitUntilAsync(async () => !await db.KeyExistsAsync($"{_prefix}log:{id}"));

        var fromStart = ReportStream.Follow(a.Http, id, null, _done.Token);
        var fromMidway = ReportStream.Follow(a.Http, id, 1000, _done.Token);
        await Task.WhenAll(fromStart.Ended, fromMidway.Ended).WaitAsync(Patience);

        var expected = await ExpectedTextAsync();
        Assert.Equal(expected, fromStart.Text);
        Assert.Equal(expected[1000..], fromMidway.Text);
        Assert.Equal("done", fromMidway.EndEvent);
    }

    [Fact]
    public async Task Finished_reports_survive_a_redis_crash_with_append_only_persistence()
    {
        await using var own = await RedisServer.StartAsync();
        var a = await StartInstanceAsync(charsPerSecond: 0, $"Blazar:Redis:Configuration={own.Configuration}");
        var id = await a.StartReportAsync(Spec);
        await ReportStream.Follow(a.Http, id, null, _done.Token).Ended.WaitAsync(Patience);

        await own.CrashAndRestartAsync();

        await WaitUntilAsync(async () => (await a.GetReportAsync(id))?.Status == ReportStatus.Done);
        Assert.Equal(await ExpectedTextAsync(), await a.Http.GetStringAsync($"/r/{id}"));
        var b = await StartInstanceAsync(charsPerSecond: 0, $"Blazar:Redis:Configuration={own.Configuration}");
        Assert.Contains(id, (await b.Http.GetStringAsync("/api/reports")).Split('"'));
    }

    private async Task<BlazarInstance> StartInstanceAsync(int charsPerSecond, params string[] settings)
    {
        var instance = await BlazarInstance.StartAsync(redis.Server.Configuration, _prefix, charsPerSecond, settings);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>What the offline writer writes for a spec in one go, with nothing in the way.</summary>
    private static async Task<string> ExpectedTextAsync(Spec? spec = null)
    {
        await using var reference = BlazarApp.Build(["--Blazar:Writer=offline", "--Blazar:Offline:CharsPerSecond=0"]);
        var client = reference.Services.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync(ReportPrompt.For(SpecValidator.Normalize(spec ?? Spec)));
        return response.Text;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!await condition())
            await Task.Delay(50, deadline.Token);
    }
}
