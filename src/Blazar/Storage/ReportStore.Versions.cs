using Blazar.Reports;
using Microsoft.EntityFrameworkCore;

namespace Blazar.Storage;

/// <summary>The store's part for versions: a report gains a new current version only while none is being written.</summary>
internal sealed partial class ReportStore
{
    public async Task<int?> AddVersionAsync(string id, NewVersion version, CancellationToken cancellationToken)
    {
        int? added = null;
        try
        {
            await WriteAsync(async db =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var report = await db.Reports.AsNoTracking().Where(r => r.Id == id)
                    .Select(r => new { r.Title, r.Summary, r.CurrentVersion, Status = r.Versions.Where(v => v.Number == r.CurrentVersion).Select(v => v.Status).FirstOrDefault() })
                    .FirstOrDefaultAsync(cancellationToken);
                if (report is null || report.Status.IsActive() || report.CurrentVersion != version.Basis)
                    return;
                var number = report.CurrentVersion + 1;
                db.Versions.Add(new ReportVersionRow
                {
                    ReportId = id,
                    Number = number,
                    Instruction = version.Instruction,
                    Section = version.Section,
                    Text = version.Text,
                    Status = version.Status,
                    CreatedAt = version.CreatedAt,
                    CompletedAt = version.CompletedAt,
                    Length = version.Text.Length,
                    Progress = version.Progress,
                    Usage = Json(version.Usage),
                    Truncated = version.Truncated,
                });
                await db.SaveChangesAsync(cancellationToken);
                // Only from the version read above: a second request racing this one adds nothing.
                if (await db.Reports.Where(r => r.Id == id && r.CurrentVersion == report.CurrentVersion)
                        .ExecuteUpdateAsync(set => set.SetProperty(r => r.CurrentVersion, number), cancellationToken) != 1)
                    return;
                if (!version.Status.IsActive())
                    await provider.IndexAsync(db, id, PlainText.Clean(report.Title), PlainText.Clean(report.Summary ?? ""), PlainText.FromHtml(version.Text), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                added = number;
            }, cancellationToken);
        }
        catch (DbUpdateException)
        {
            return null; // another request added this version first
        }
        return added;
    }
}
