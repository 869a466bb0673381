using System.Collections.Concurrent;
using Blazar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blazar.Accounts;

/// <summary>Personal API tokens: made and shown once, kept as SHA-256 hashes, found by hash, revoked by deleting.</summary>
internal sealed class ApiTokens(StoreProvider provider, TimeProvider time)
{
    public const string Prefix = "blz_";

    // Lookups of one token that overlap share one query (a script opening a hundred streams at once asks once);
    // nothing is kept after the query ends, so a revoked token fails on its next request.
    private readonly ConcurrentDictionary<string, Task<Holder?>> _lookups = new(StringComparer.Ordinal);

    public sealed record TokenInfo(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

    public sealed record CreatedToken(string Id, string Name, string Token, DateTimeOffset ExpiresAt);

    /// <summary>The person a token belongs to, when it is known and unexpired.</summary>
    public sealed record Holder(string UserId, string Email, string DisplayName, string Role, string SecurityStamp);

    public async Task<CreatedToken> CreateAsync(string userId, string name, int days, CancellationToken cancellationToken)
    {
        var token = Secrets.New(Prefix);
        var now = time.GetUtcNow();
        var row = new ApiTokenRow { Id = Secrets.NewId(), UserId = userId, Name = name, Hash = Secrets.Hash(token), CreatedAt = now, ExpiresAt = now.AddDays(days) };
        await using var db = provider.CreateDb();
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedToken(row.Id, row.Name, token, row.ExpiresAt);
    }

    public async Task<IReadOnlyList<TokenInfo>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        return rows.OrderByDescending(t => t.CreatedAt).Select(t => new TokenInfo(t.Id, t.Name, t.CreatedAt, t.ExpiresAt)).ToList();
    }

    public async Task<bool> RevokeAsync(string userId, string id, CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        var revoked = await db.ApiTokens.Where(t => t.Id == id && t.UserId == userId).ExecuteDeleteAsync(cancellationToken) == 1;
        _lookups.Clear(); // a lookup that began before the revoke must not answer a request made after it
        return revoked;
    }

    public async Task<Holder?> FindAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100)
            return null;
        return await Shared(Secrets.Hash(token)).WaitAsync(cancellationToken);
    }

    private Task<Holder?> Shared(string hash)
    {
        while (true)
        {
            if (_lookups.TryGetValue(hash, out var running))
                return running;
            var lookup = new TaskCompletionSource<Holder?>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_lookups.TryAdd(hash, lookup.Task))
                continue;
            _ = RunAsync(hash, lookup);
            return lookup.Task;
        }
    }

    private async Task RunAsync(string hash, TaskCompletionSource<Holder?> lookup)
    {
        Holder? holder = null;
        Exception? failure = null;
        try
        {
            holder = await LookUpAsync(hash);
        }
        catch (Exception ex)
        {
            failure = ex; // handed to every caller waiting on this lookup
        }
        _lookups.TryRemove(new KeyValuePair<string, Task<Holder?>>(hash, lookup.Task)); // before anyone hears: a later request asks again
        if (failure is null)
            lookup.SetResult(holder);
        else
            lookup.SetException(failure);
    }

    private async Task<Holder?> LookUpAsync(string hash)
    {
        await using var db = provider.CreateDb();
        var found = await db.ApiTokens.AsNoTracking().Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t.ExpiresAt, u.Id, u.Email, u.DisplayName, u.Role, u.SecurityStamp })
            .FirstOrDefaultAsync(CancellationToken.None);
        if (found is null || found.ExpiresAt <= time.GetUtcNow())
            return null;
        return new Holder(found.Id, found.Email ?? "", found.DisplayName, found.Role, found.SecurityStamp ?? "");
    }
}
