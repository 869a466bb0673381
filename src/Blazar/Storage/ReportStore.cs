using System.Text.Json;
using Blazar.Extensions;
using Blazar.Reports;
using Microsoft.EntityFrameworkCore;

namespace Blazar.Storage;

/// <summary>The report store over <see cref="BlazarDb"/>, on whichever database <see cref="StoreProvider"/> speaks.</summary>
internal sealed partial class ReportStore(StoreProvider provider, StoreHealth health) : IReportStore
{
    private static readonly ReportStatus[] Active = [ReportStatus.Queued, ReportStatus.Generating];

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await provider.BeforeMigrateAsync(cancellationToken);
        await using var db = provider.CreateDb();
        await db.Database.MigrateAsync(cancellationToken);
        await provider.AfterMigrateAsync(db, cancellationToken);
    }

    public Task CreateAsync(Report report, CancellationToken cancellationToken) => WriteAsync(async db =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Reports.Add(new ReportRow
        {
            Id = report.Id,
            Title = report.Spec.Title,
            Summary = report.Spec.Summary,
            CreatedAt = report.CreatedAt,
            CurrentVersion = 1,
            OwnerId = report.Owner?.Id,
            Visibility = report.Visibility,
            Versions =
            [
                new ReportVersionRow
                {
                    ReportId = report.Id,
                    Number = 1,
                    Spec = JsonSerializer.Serialize(report.Spec, BlazarJson.Options),
                    Status = report.Status,
                    CreatedAt = report.CreatedAt,
                    CompletedAt = report.CompletedAt,
                    Length = report.Length,
                    Progress = report.Progress,
                    Error = report.Error,
                    Usage = Json(report.Usage),
                    Truncated = report.Truncated,
                },
            ],
        });
        await db.SaveChangesAsync(cancellationToken);
        await provider.IndexAsync(db, report.Id, PlainText.Clean(report.Spec.Title), PlainText.Clean(report.Spec.Summary ?? ""), "", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }, cancellationToken);

    public Task<Report?> GetAsync(string id, CancellationToken cancellationToken) => GetCoreAsync(id, null, cancellationToken);

    public Task<Report?> GetAsync(string id, int version, CancellationToken cancellationToken) => GetCoreAsync(id, version, cancellationToken);

    private async Task<Report?> GetCoreAsync(string id, int? version, CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        var row = await db.Reports.AsNoTracking().Where(r => r.Id == id).Select(r => new
        {
            r.Id,
            r.Title,
            r.CreatedAt,
            r.OwnerId,
            OwnerName = db.Users.Where(u => u.Id == r.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
            r.Visibility,
            Versions = r.CurrentVersion, // every new version becomes the current one, so the current is the last
            Spec = r.Versions.Where(v => v.Number == 1).Select(v => v.Spec).FirstOrDefault(),
            Shown = r.Versions.Where(v => v.Number == (version ?? r.CurrentVersion))
                .Select(v => new { v.Number, v.Status, v.CompletedAt, v.Length, v.Progress, v.Error, v.Usage, v.Truncated }).FirstOrDefault(),
        }).FirstOrDefaultAsync(cancellationToken);
        if (row?.Shown is not { } shown)
            return null;
        var spec = JsonSerializer.Deserialize<Spec>(row.Spec ?? "{}", BlazarJson.Options)!;
        return new Report(
            row.Id,
            spec with { Title = row.Title }, // a title changed later is the report's title from then on
            shown.Status,
            row.CreatedAt,
            shown.CompletedAt,
            shown.Length,
            shown.Progress,
            shown.Error,
            Usage(shown.Usage),
            shown.Truncated)
        {
            Owner = Owner(row.OwnerId, row.OwnerName),
            Visibility = row.Visibility,
            Version = shown.Number,
            Versions = row.Versions,
        };
    }

    public Task<IReadOnlyList<ReportEntry>> ListAsync(int limit, string? before, CancellationToken cancellationToken) =>
        ListAsync(ReportScope.Everything, limit, before, cancellationToken);

    public async Task<IReadOnlyList<ReportEntry>> ListAsync(ReportScope scope, int limit, string? before, CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        var reports = Within(db.Reports.AsNoTracking(), scope);
        if (before is not null)
        {
            var cursor = await reports.Where(r => r.Id == before).Select(r => new { r.CreatedAt, r.Id }).FirstOrDefaultAsync(cancellationToken);
            if (cursor is null)
                return [];
            reports = reports.Where(r => r.CreatedAt < cursor.CreatedAt || (r.CreatedAt == cursor.CreatedAt && r.Id.CompareTo(cursor.Id) < 0));
        }
        return await Entries(db, reports.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit), cancellationToken);
    }

    public async Task<IReadOnlyList<ReportEntry>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        var reports = db.Reports.AsNoTracking()
            .Where(r => r.Versions.Any(v => v.Number == r.CurrentVersion && Active.Contains(v.Status)))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id);
        return await Entries(db, reports, cancellationToken);
    }

    public Task<IReadOnlyList<ReportEntry>> SearchAsync(string query, int limit, CancellationToken cancellationToken) =>
        SearchAsync(ReportScope.Everything, query, limit, cancellationToken);

    public async Task<IReadOnlyList<ReportEntry>> SearchAsync(ReportScope scope, string query, int limit, CancellationToken cancellationToken)
    {
        var words = PlainText.Words(query);
        if (words.Count == 0)
            return [];
        await using var db = provider.CreateDb();
        var hits = await provider.SearchAsync(db, words, scope, limit, cancellationToken);
        var ids = hits.Select(h => h.ReportId).ToList();
        var entries = (await Entries(db, db.Reports.AsNoTracking().Where(r => ids.Contains(r.Id)), cancellationToken)).ToDictionary(e => e.Id);
        return hits.Where(h => entries.ContainsKey(h.ReportId)).Select(h => entries[h.ReportId] with { Snippet = h.Snippet }).ToList();
    }

    public async Task<IReadOnlyList<ReportVersion>> ListVersionsAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        var rows = await db.Versions.AsNoTracking().Where(v => v.ReportId == id).OrderBy(v => v.Number)
            .Select(v => new { v.Number, v.CreatedAt, v.Instruction, v.Section, v.Length, v.Status, v.Usage })
            .ToListAsync(cancellationToken);
        return rows.Select(v => new ReportVersion(v.Number, v.CreatedAt, v.Instruction, v.Section, v.Length, v.Status, Usage(v.Usage))).ToList();
    }

    public async Task<string?> GetTextAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        return await Current(db, id).Select(v => v.Text).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<string?> GetTextAsync(string id, int version, CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        return await db.Versions.AsNoTracking().Where(v => v.ReportId == id && v.Number == version).Select(v => v.Text).FirstOrDefaultAsync(cancellationToken);
    }

    public Task UpdateAsync(Report report, string? text, CancellationToken cancellationToken) => UpdateAsync(report, text, whileWriting: false, cancellationToken);

    public Task UpdateWhileWritingAsync(Report report, string text, CancellationToken cancellationToken) => UpdateAsync(report, text, whileWriting: true, cancellationToken);

    private Task UpdateAsync(Report report, string? text, bool whileWriting, CancellationToken cancellationToken) => WriteAsync(async db =>
    {
        var usage = Json(report.Usage);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = Current(db, report.Id);
        if (whileWriting)
            rows = rows.Where(v => v.Status == ReportStatus.Queued || v.Status == ReportStatus.Generating);
        var updated = await rows.ExecuteUpdateAsync(set =>
        {
            set.SetProperty(v => v.Status, report.Status)
                .SetProperty(v => v.CompletedAt, report.CompletedAt)
                .SetProperty(v => v.Length, report.Length)
                .SetProperty(v => v.Progress, report.Progress)
                .SetProperty(v => v.Error, report.Error)
                .SetProperty(v => v.Usage, usage)
                .SetProperty(v => v.Truncated, report.Truncated);
            if (text is not null)
                set.SetProperty(v => v.Text, text);
        }, cancellationToken);
        // The text is indexed once it is final (done, failed or stopped), not at every save while it grows.
        if (updated == 1 && text is not null && !report.Status.IsActive())
            await provider.IndexAsync(db, report.Id, PlainText.Clean(report.Spec.Title), PlainText.Clean(report.Spec.Summary ?? ""), PlainText.FromHtml(text), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }, cancellationToken);

    public async Task<bool> TrySetStatusAsync(string id, IReadOnlyCollection<ReportStatus> expected, ReportStatus next, CancellationToken cancellationToken)
    {
        var updated = 0;
        var statuses = expected.ToArray();
        await WriteAsync(async db => updated = await Current(db, id).Where(v => statuses.Contains(v.Status))
            .ExecuteUpdateAsync(set => set.SetProperty(v => v.Status, next).SetProperty(v => v.CompletedAt, (DateTimeOffset?)null), cancellationToken), cancellationToken);
        return updated == 1;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await WriteAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await provider.UnindexAsync(db, id, cancellationToken);
            await db.Versions.Where(v => v.ReportId == id).ExecuteDeleteAsync(cancellationToken);
            deleted = await db.Reports.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);
        return deleted == 1;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        await db.Reports.Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (!health.WritesFailing)
            return true;
        try
        {
            // A write that changes nothing still needs a writable database (a read-only file refuses it).
            await db.Reports.Where(r => r.Id == "").ExecuteUpdateAsync(set => set.SetProperty(r => r.CurrentVersion, r => r.CurrentVersion), cancellationToken);
            health.WriteSucceeded();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    private static IQueryable<ReportRow> Within(IQueryable<ReportRow> reports, ReportScope scope) =>
        scope.All ? reports
        : scope.MineOnly ? reports.Where(r => r.OwnerId == scope.UserId)
        : reports.Where(r => r.OwnerId == scope.UserId || r.Visibility == ReportVisibility.Team);

    private static ReportOwner? Owner(string? id, string? name) => id is null ? null : new ReportOwner(id, name ?? "");

    private static IQueryable<ReportVersionRow> Current(BlazarDb db, string id) =>
        db.Versions.Where(v => v.ReportId == id && v.Number == db.Reports.Where(r => r.Id == id).Select(r => r.CurrentVersion).FirstOrDefault());

    // Manifest columns only: the specs (with their pasted data) and the texts stay where they are.
    private static async Task<IReadOnlyList<ReportEntry>> Entries(BlazarDb db, IQueryable<ReportRow> reports, CancellationToken cancellationToken)
    {
        var rows = await reports.Join(db.Versions, r => new { r.Id, Number = r.CurrentVersion }, v => new { Id = v.ReportId, v.Number }, (r, v) => new
        {
            r.Id,
            r.Title,
            r.Summary,
            r.OwnerId,
            OwnerName = db.Users.Where(u => u.Id == r.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
            r.Visibility,
            v.Status,
            r.CreatedAt,
            v.CompletedAt,
            v.Length,
            v.Progress,
            v.Error,
            v.Usage,
            v.Truncated,
            v.Number,
            Versions = r.CurrentVersion, // every new version becomes the current one, so the current is the last
        }).ToListAsync(cancellationToken);
        return rows.Select(r => new ReportEntry(r.Id, r.Title, r.Summary, r.Status, r.CreatedAt, r.CompletedAt, r.Length, r.Progress)
        {
            Error = r.Error,
            Usage = Usage(r.Usage),
            Truncated = r.Truncated,
            Owner = Owner(r.OwnerId, r.OwnerName),
            Visibility = r.Visibility,
            Version = r.Number,
            Versions = r.Versions,
        }).ToList();
    }

    /// <summary>Runs a write and records its outcome in <see cref="StoreHealth"/>.</summary>
    private Task WriteAsync(Func<BlazarDb, Task> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return provider.RunWriteAsync(async () =>
        {
            try
            {
                await using var db = provider.CreateDb();
                await write(db);
                health.WriteSucceeded();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                health.WriteFailed(ex);
                throw;
            }
        }, cancellationToken);
    }

    private static string? Json(Usage? usage) => usage is null ? null : JsonSerializer.Serialize(usage, BlazarJson.Options);

    private static Usage? Usage(string? json) => json is null ? null : JsonSerializer.Deserialize<Usage>(json, BlazarJson.Options);
}
