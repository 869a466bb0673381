using System.Globalization;
using Blazar.Reports;
using Microsoft.EntityFrameworkCore;

namespace Blazar.Storage;

/// <summary>What each person's reports and chat turns cost, in tokens per model per day (UTC).</summary>
public interface IUsageLedger
{
    /// <summary>Adds <paramref name="usage"/> to the person's day.</summary>
    Task AddAsync(string userId, Usage usage, CancellationToken cancellationToken);

    /// <summary>The output tokens the person used on the day that holds <paramref name="at"/>.</summary>
    Task<long> OutputTokensOnAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Every person's tokens per model since <paramref name="since"/>.</summary>
    Task<IReadOnlyList<PersonUsage>> SinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>One person's tokens with one model over a span of days.</summary>
public sealed record PersonUsage(string UserId, string Model, long InputTokens, long OutputTokens);

internal sealed class UsageLedger(StoreProvider provider, TimeProvider time) : IUsageLedger
{
    public async Task AddAsync(string userId, Usage usage, CancellationToken cancellationToken)
    {
        if (usage.InputTokens == 0 && usage.OutputTokens == 0)
            return;
        var day = Day(time.GetUtcNow());
        var model = usage.Model.Length > 200 ? usage.Model[..200] : usage.Model;
        await using var db = provider.CreateDb();
        // Add to the row, or make it; a second writer that made it first turns the insert into another add.
        for (var attempt = 0; ; attempt++)
        {
            var updated = await db.Usage.Where(u => u.UserId == userId && u.Day == day && u.Model == model).ExecuteUpdateAsync(set => set
                .SetProperty(u => u.InputTokens, u => u.InputTokens + usage.InputTokens)
                .SetProperty(u => u.OutputTokens, u => u.OutputTokens + usage.OutputTokens), cancellationToken);
            if (updated > 0)
                return;
            try
            {
                db.Usage.Add(new UsageRow { UserId = userId, Day = day, Model = model, InputTokens = usage.InputTokens, OutputTokens = usage.OutputTokens });
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<long> OutputTokensOnAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var day = Day(at);
        await using var db = provider.CreateDb();
        return await db.Usage.Where(u => u.UserId == userId && u.Day == day).SumAsync(u => u.OutputTokens, cancellationToken);
    }

    public async Task<IReadOnlyList<PersonUsage>> SinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var day = Day(since);
        await using var db = provider.CreateDb();
        var rows = await db.Usage.Where(u => u.Day.CompareTo(day) >= 0)
            .GroupBy(u => new { u.UserId, u.Model })
            .Select(g => new { g.Key.UserId, g.Key.Model, Input = g.Sum(u => u.InputTokens), Output = g.Sum(u => u.OutputTokens) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new PersonUsage(r.UserId, r.Model, r.Input, r.Output)).ToList();
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
