using Blazar.Reports;
using Microsoft.EntityFrameworkCore;

namespace Blazar.Storage;

/// <summary>The store's part for accounts: who may see a report, whose it is, how many of a person's are running.</summary>
internal sealed partial class ReportStore
{
    public async Task<Report?> ShareAsync(string id, ReportVisibility? visibility, string? title, CancellationToken cancellationToken)
    {
        await WriteAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (visibility is { } v)
                await db.Reports.Where(r => r.Id == id).ExecuteUpdateAsync(set => set.SetProperty(r => r.Visibility, v), cancellationToken);
            if (title is not null)
            {
                await db.Reports.Where(r => r.Id == id).ExecuteUpdateAsync(set => set.SetProperty(r => r.Title, title), cancellationToken);
                await provider.RetitleAsync(db, id, PlainText.Clean(title), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    public async Task<int> ReassignAsync(string fromUserId, string toUserId, CancellationToken cancellationToken)
    {
        var moved = 0;
        await WriteAsync(async db => moved = await db.Reports.Where(r => r.OwnerId == fromUserId)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.OwnerId, toUserId), cancellationToken), cancellationToken);
        return moved;
    }

    public async Task<int> CountActiveAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        return await db.Reports.Where(r => r.OwnerId == ownerId && r.Versions.Any(v => v.Number == r.CurrentVersion && Active.Contains(v.Status)))
            .CountAsync(cancellationToken);
    }
}
