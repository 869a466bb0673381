using Blazar.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Blazar.Accounts;

/// <summary>The people who may sign in: whether there is anyone yet, creating them, finding them.</summary>
internal sealed class People(StoreProvider provider, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _setup = new(1, 1);
    private volatile bool _anyone;

    public void Dispose() => _setup.Dispose();

    /// <summary>True once any account exists (then it stays true: the last admin cannot be removed).</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        if (_anyone)
            return true;
        await using var db = provider.CreateDb();
        return _anyone = await db.Users.AnyAsync(cancellationToken);
    }

    /// <summary>
    /// Creates a person; the errors Identity found when it could not (a weak password, a taken email). Without a
    /// password the person signs in only with a passkey or an external sign-in; <paramref name="id"/> is the id a
    /// passkey was made for before the account existed.
    /// </summary>
    public async Task<(BlazarUser? User, IDictionary<string, string[]> Errors)> CreateAsync(
        UserManager<BlazarUser> users, string email, string? password, string? displayName, string role, string? id = null)
    {
        var user = new BlazarUser
        {
            Id = id ?? Guid.NewGuid().ToString(),
            UserName = email.Trim(),
            Email = email.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Trim().Split('@')[0] : displayName.Trim(),
            Role = role,
            CreatedAt = time.GetUtcNow(),
        };
        var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!result.Succeeded)
            return (null, Errors(result));
        _anyone = true;
        return (user, new Dictionary<string, string[]>());
    }

    /// <summary>Creates the first account, an admin, only while there is none (one at a time in this process).</summary>
    public async Task<(BlazarUser? User, IDictionary<string, string[]> Errors)> CreateFirstAsync(
        UserManager<BlazarUser> users, string email, string password, string? displayName, CancellationToken cancellationToken)
    {
        await _setup.WaitAsync(cancellationToken);
        try
        {
            if (await AnyAsync(cancellationToken))
                return (null, new Dictionary<string, string[]>());
            return await CreateAsync(users, email, password, displayName, Roles.Admin);
        }
        finally
        {
            _setup.Release();
        }
    }

    /// <summary>True while the cookie's person still exists with the same security stamp.</summary>
    public async Task<bool> IsCurrentAsync(string userId, string? stamp, CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        return await db.Users.AnyAsync(u => u.Id == userId && (stamp == null || u.SecurityStamp == stamp), cancellationToken);
    }

    private static Dictionary<string, string[]> Errors(IdentityResult result)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var group in result.Errors.GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email"))
            errors[group.Key] = group.Select(e => e.Description).ToArray();
        return errors;
    }
}
