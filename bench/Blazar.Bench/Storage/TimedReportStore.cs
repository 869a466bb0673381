using System.Collections.Concurrent;
using System.Diagnostics;
using Blazar.Reports;
using Blazar.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blazar.Bench.Storage;

/// <summary>
/// The served Blazar's report store, timed: every write of a report's text (the periodic saves and the final one)
/// is recorded, and <c>GET /bench/saves</c> hands the durations over (in microseconds) and starts again.
/// </summary>
internal sealed class TimedReportStore(ReportStore inner) : IReportStore
{
    private ConcurrentQueue<int> _saves = new();

    public static void Register(IServiceCollection services)
    {
        services.RemoveAll<IReportStore>();
        services.AddSingleton<ReportStore>();
        services.AddSingleton<TimedReportStore>();
        services.AddSingleton<IReportStore>(sp => sp.GetRequiredService<TimedReportStore>());
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/bench/saves", (TimedReportStore store) => TypedResults.Ok(Interlocked.Exchange(ref store._saves, new ConcurrentQueue<int>()).ToArray()));

    public Task UpdateAsync(Report report, string? text, CancellationToken cancellationToken) =>
        text is null ? inner.UpdateAsync(report, text, cancellationToken) : TimedAsync(() => inner.UpdateAsync(report, text, cancellationToken));

    public Task UpdateWhileWritingAsync(Report report, string text, CancellationToken cancellationToken) =>
        TimedAsync(() => inner.UpdateWhileWritingAsync(report, text, cancellationToken));

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);
    public Task CreateAsync(Report report, CancellationToken cancellationToken) => inner.CreateAsync(report, cancellationToken);
    public Task<Report?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);
    public Task<IReadOnlyList<ReportEntry>> ListAsync(int limit, string? before, CancellationToken cancellationToken) => inner.ListAsync(limit, before, cancellationToken);
    public Task<IReadOnlyList<ReportEntry>> ListAsync(ReportScope scope, int limit, string? before, CancellationToken cancellationToken) => inner.ListAsync(scope, limit, before, cancellationToken);
    public Task<IReadOnlyList<ReportEntry>> SearchAsync(ReportScope scope, string query, int limit, CancellationToken cancellationToken) => inner.SearchAsync(scope, query, limit, cancellationToken);
    public Task<Report?> ShareAsync(string id, ReportVisibility? visibility, string? title, CancellationToken cancellationToken) => inner.ShareAsync(id, visibility, title, cancellationToken);
    public Task<int> ReassignAsync(string fromUserId, string toUserId, CancellationToken cancellationToken) => inner.ReassignAsync(fromUserId, toUserId, cancellationToken);
    public Task<int> CountActiveAsync(string ownerId, CancellationToken cancellationToken) => inner.CountActiveAsync(ownerId, cancellationToken);
    public Task<IReadOnlyList<ReportEntry>> ListActiveAsync(CancellationToken cancellationToken) => inner.ListActiveAsync(cancellationToken);
    public Task<IReadOnlyList<ReportEntry>> SearchAsync(string query, int limit, CancellationToken cancellationToken) => inner.SearchAsync(query, limit, cancellationToken);
    public Task<IReadOnlyList<ReportVersion>> ListVersionsAsync(string id, CancellationToken cancellationToken) => inner.ListVersionsAsync(id, cancellationToken);
    public Task<string?> GetTextAsync(string id, CancellationToken cancellationToken) => inner.GetTextAsync(id, cancellationToken);
    public Task<Report?> GetAsync(string id, int version, CancellationToken cancellationToken) => inner.GetAsync(id, version, cancellationToken);
    public Task<string?> GetTextAsync(string id, int version, CancellationToken cancellationToken) => inner.GetTextAsync(id, version, cancellationToken);
    public Task<int?> AddVersionAsync(string id, NewVersion version, CancellationToken cancellationToken) => inner.AddVersionAsync(id, version, cancellationToken);
    public Task<bool> TrySetStatusAsync(string id, IReadOnlyCollection<ReportStatus> expected, ReportStatus next, CancellationToken cancellationToken) => inner.TrySetStatusAsync(id, expected, next, cancellationToken);
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);
    public Task<bool> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    /// <summary>Saves a report's text and records how long the save took.</summary>
    private async Task TimedAsync(Func<Task> save)
    {
        var started = Stopwatch.GetTimestamp();
        await save();
        _saves.Enqueue((int)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
    }
}
