using Blazar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blazar.Accounts;

/// <summary>One-time invitations, valid for 7 days; the link's secret is kept only as a hash.</summary>
internal sealed class Invitations(StoreProvider provider, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);
    public const string Prefix = "inv_";

    public sealed record Pending(string Email, string Role, DateTimeOffset ExpiresAt);

    public sealed record Open(string Hash, string Email, string Role);

    /// <summary>Makes an invitation; returns the secret for its link and when it expires.</summary>
    public async Task<(string Secret, DateTimeOffset ExpiresAt)> CreateAsync(string email, string role, string invitedBy, CancellationToken cancellationToken)
    {
        var secret = Secrets.New(Prefix);
        var now = time.GetUtcNow();
        await using var db = provider.CreateDb();
        db.Invitations.Add(new InvitationRow { Hash = Secrets.Hash(secret), Email = email, Role = role, InvitedBy = invitedBy, CreatedAt = now, ExpiresAt = now + Lifetime });
        await db.SaveChangesAsync(cancellationToken);
        return (secret, now + Lifetime);
    }

    /// <summary>The invitation a link names, while it is unused and unexpired.</summary>
    public async Task<Pending?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 100)
            return null;
        var hash = Secrets.Hash(secret);
        await using var db = provider.CreateDb();
        var row = await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.Hash == hash, cancellationToken);
        return row is null || row.AcceptedAt is not null || row.ExpiresAt <= time.GetUtcNow() ? null : new Pending(row.Email, row.Role, row.ExpiresAt);
    }

    /// <summary>The newest unused, unexpired invitation to <paramref name="email"/> (a provider's sign-in has no link).</summary>
    public async Task<Open?> FindOpenForEmailAsync(string email, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = provider.CreateDb();
        var open = await db.Invitations.AsNoTracking().Where(i => i.AcceptedAt == null).Select(i => new { i.Hash, i.Email, i.Role, i.ExpiresAt, i.CreatedAt })
            .ToListAsync(cancellationToken); // few rows; compared here so that case and both databases agree
        return open.Where(i => i.ExpiresAt > now && string.Equals(i.Email.Trim(), email, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(i => i.CreatedAt).Select(i => new Open(i.Hash, i.Email.Trim(), i.Role)).FirstOrDefault();
    }

    /// <summary>Uses an invitation up; false when someone else used it first.</summary>
    public Task<bool> TryUseAsync(string secret, CancellationToken cancellationToken) => TryUseHashAsync(Secrets.Hash(secret), cancellationToken);

    /// <summary>Uses up the invitation with this hash; false when someone else used it first.</summary>
    public async Task<bool> TryUseHashAsync(string hash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = provider.CreateDb();
        return await db.Invitations.Where(i => i.Hash == hash && i.AcceptedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.AcceptedAt, now), cancellationToken) == 1;
    }

    /// <summary>Gives an invitation back when the account it was used for could not be made.</summary>
    public Task ReleaseAsync(string secret, CancellationToken cancellationToken) => ReleaseHashAsync(Secrets.Hash(secret), cancellationToken);

    public async Task ReleaseHashAsync(string hash, CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        await db.Invitations.Where(i => i.Hash == hash).ExecuteUpdateAsync(set => set.SetProperty(i => i.AcceptedAt, (DateTimeOffset?)null), cancellationToken);
    }
}
