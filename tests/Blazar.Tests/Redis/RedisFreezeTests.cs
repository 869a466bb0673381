using System.Diagnostics;
using System.Globalization;
using System.Net;
using Blazar.Reports;
using Blazar.Tests.Storage;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Blazar.Tests.Redis;

/// <summary>Redis stops answering for a while (a stalled VM, a long fork) and then carries on.</summary>
[Collection("fleet")]
public sealed class RedisFreezeTests(RedisFixture redis, PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Freeze = TimeSpan.FromSeconds(8); // longer than a command's timeout (5 s) and a lease (2 s)
    private readonly BlazarCluster _cluster = new(redis.Server, postgres.Server);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_redis_freeze_of_8_s_kills_no_instance_and_the_report_finishes_as_its_viewer_saw_it()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var held = _cluster.Gate.Hold(BlazarCluster.Spec.Title!);
        var id = await a.StartReportAsync(BlazarCluster.Spec);
        var viewer = LiveViewer.Follow(b.Http, id, null, _cluster.Token);
        held.Release(1000);
        await viewer.WaitForLengthAsync(500, BlazarCluster.Patience); // held there: mid-way when Redis freezes
        var redisProcess = await ProcessIdAsync(redis.Server);

        await SignalAsync("STOP", redisProcess);
        var frozen = Stopwatch.StartNew();
        held.ReleaseAll(); // the writer goes on while Redis is frozen: its next append meets the freeze
        try
        {
            // While Redis is frozen, both instances still say they are alive (live asks no dependency).
            foreach (var instance in new[] { a, b })
                Assert.Equal(HttpStatusCode.OK, (await LiveAsync(instance)).StatusCode);
            await Task.Delay(Freeze - frozen.Elapsed); // the freeze is the scenario, so it is timed, not waited on
        }
        finally
        {
            await SignalAsync("CONT", redisProcess);
        }

        await viewer.Ended.WaitAsync(BlazarCluster.Patience);
        Assert.Equal("done", viewer.EndEvent);
        Assert.Empty(viewer.Problems);
        Assert.Equal(await BlazarCluster.OfflineTextAsync(), viewer.Text);
        Assert.Equal(viewer.Text, await a.Http.GetStringAsync($"/r/{id}/raw"));
        Assert.Equal(ReportStatus.Done, (await b.GetReportAsync(id))!.Status);
        foreach (var instance in new[] { a, b })
        {
            Assert.False(instance.Get<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "an instance is stopping");
            Assert.Equal(HttpStatusCode.OK, (await LiveAsync(instance)).StatusCode);
            await Wait.UntilAsync(async () => (await instance.Http.GetAsync("/healthz/ready")).StatusCode == HttpStatusCode.OK, ok => ok, BlazarCluster.Patience);
        }
    }

    private static async Task<HttpResponseMessage> LiveAsync(BlazarInstance instance)
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        return await instance.Http.GetAsync("/healthz/live", quick.Token);
    }

    private static async Task<int> ProcessIdAsync(RedisServer server)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true");
        var info = await admin.GetServers()[0].InfoAsync("server");
        return int.Parse(info.SelectMany(section => section).Single(pair => pair.Key == "process_id").Value, CultureInfo.InvariantCulture);
    }

    private static async Task SignalAsync(string signal, int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, processId.ToString(CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }
}
