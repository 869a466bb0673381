using Blazar.Reports;
using Blazar.Storage;

namespace Blazar.Tests.Redis;

/// <summary>The Redis report store keeps the store's contract (the same one SQLite keeps).</summary>
[Collection("redis")]
public sealed class RedisReportStoreTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly BlazarCluster _cluster = new(redis.Server);
    private IReportStore _store = null!;

    public async Task InitializeAsync() => _store = (await _cluster.StartAsync(charsPerSecond: 0)).Get<IReportStore>();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Reports_round_trip_and_list_newest_first()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var older = NewReport(now.AddMinutes(-1)) with { Usage = new Usage("offline", 10, 20), Truncated = true, Error = "why" };
        var newer = NewReport(now);
        await _store.CreateAsync(older, CancellationToken.None);
        await _store.CreateAsync(newer, CancellationToken.None);

        var read = (await _store.GetAsync(older.Id, CancellationToken.None))!;
        Assert.Equal(older.Spec.Sections, read.Spec.Sections);
        Assert.Equal(older, read with { Spec = read.Spec with { Sections = older.Spec.Sections } });
        Assert.Equal([newer.Id, older.Id], (await _store.ListAsync(CancellationToken.None)).Select(r => r.Id).Where(id => id == newer.Id || id == older.Id));
        Assert.Equal("", await _store.GetTextAsync(newer.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Status_moves_only_from_an_expected_status()
    {
        var report = NewReport(DateTimeOffset.UtcNow);
        await _store.CreateAsync(report, CancellationToken.None);

        Assert.False(await _store.TrySetStatusAsync(report.Id, [ReportStatus.Generating], ReportStatus.Done, CancellationToken.None));
        Assert.True(await _store.TrySetStatusAsync(report.Id, [ReportStatus.Cancelled, ReportStatus.Queued], ReportStatus.Generating, CancellationToken.None));
        Assert.Equal(ReportStatus.Generating, (await _store.GetAsync(report.Id, CancellationToken.None))!.Status);
        Assert.False(await _store.TrySetStatusAsync(ReportId.New(), [ReportStatus.Queued], ReportStatus.Generating, CancellationToken.None));
    }

    [Fact]
    public async Task A_deleted_report_stays_deleted_when_a_late_writer_updates_it()
    {
        var report = NewReport(DateTimeOffset.UtcNow);
        await _store.CreateAsync(report, CancellationToken.None);
        await _store.UpdateAsync(report with { Length = 5 }, "<html", CancellationToken.None);
        Assert.Equal("<html", await _store.GetTextAsync(report.Id, CancellationToken.None));

        Assert.True(await _store.DeleteAsync(report.Id, CancellationToken.None));
        await _store.UpdateAsync(report with { Status = ReportStatus.Done }, "<html></html>", CancellationToken.None);

        Assert.Null(await _store.GetAsync(report.Id, CancellationToken.None));
        Assert.Null(await _store.GetTextAsync(report.Id, CancellationToken.None));
        Assert.DoesNotContain(report.Id, (await _store.ListAsync(CancellationToken.None)).Select(r => r.Id));
        Assert.False(await _store.DeleteAsync(report.Id, CancellationToken.None));
    }

    private static Report NewReport(DateTimeOffset createdAt) =>
        new(ReportId.New(), SpecValidator.Normalize(BlazarCluster.Spec), ReportStatus.Queued, createdAt);
}
