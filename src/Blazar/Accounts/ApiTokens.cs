using Blazar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blazar.Accounts;

/// <summary>Personal API tokens: made and shown once, kept as SHA-256 hashes, found by hash, revoked by deleting.</summary>
internal sealed class ApiTokens(StoreProvider provider, TimeProvider time)
{
    public const string Prefix = "blz_";

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
        return await db.ApiTokens.Where(t => t.Id == id && t.UserId == userId).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    public async Task<Holder?> FindAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100)
            return null;
        var hash = Secrets.Hash(token);
        await using var db = provider.CreateDb();
        var found = await db.ApiTokens.AsNoTracking().Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t.ExpiresAt, u.Id, u.Email, u.DisplayName, u.Role, u.SecurityStamp })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || found.ExpiresAt <= time.GetUtcNow())
            return null;
        return new Holder(found.Id, found.Email ?? "", found.DisplayName, found.Role, found.SecurityStamp ?? "");
    }
}
