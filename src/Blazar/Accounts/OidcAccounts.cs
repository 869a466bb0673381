using System.Security.Claims;
using Blazar.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Blazar.Accounts;

/// <summary>
/// Whose account a provider's sign-in is. A sign-in the provider made before (its <c>sub</c>, kept in
/// <c>AspNetUserLogins</c>) is that person. Otherwise only an open invitation to the email the provider says is
/// verified makes an account (with the invitation's role) and links the sign-in to it; the invitation is then used.
/// Having an account at the provider is never enough, and an existing account is never taken over by email.
/// </summary>
internal sealed class OidcAccounts(IServiceScopeFactory scopes, Invitations invitations, People people, IOptions<OidcOptions> options)
{
    public const string Unknown = "oidc-unknown";
    public const string Unverified = "oidc-unverified";
    public const string Failed = "oidc-failed";

    public async Task<(BlazarUser? User, string Problem)> FindOrCreateAsync(ClaimsPrincipal external, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BlazarUser>>();
        var subject = external.FindFirstValue("sub")!;
        if (await users.FindByLoginAsync(OidcSignIn.LoginProvider, subject) is { } known)
            return (known, "");
        var email = external.FindFirstValue("email")?.Trim();
        if (string.IsNullOrEmpty(email))
            return (null, Unknown);
        if (!string.Equals(external.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase))
            return (null, Unverified);
        if (await invitations.FindOpenForEmailAsync(email, cancellationToken) is not { } invitation || await users.FindByEmailAsync(email) is not null)
            return (null, Unknown);
        if (!await invitations.TryUseHashAsync(invitation.Hash, cancellationToken))
            return (null, Unknown);
        var name = external.FindFirstValue("name");
        var (user, _) = await people.CreateAsync(users, invitation.Email, password: null, name is { Length: <= Fields.MaxName } ? name : null, invitation.Role);
        if (user is null || !(await users.AddLoginAsync(user, new UserLoginInfo(OidcSignIn.LoginProvider, subject, options.Value.Name))).Succeeded)
        {
            if (user is not null)
                await users.DeleteAsync(user);
            await invitations.ReleaseHashAsync(invitation.Hash, CancellationToken.None);
            return (null, Failed);
        }
        return (user, "");
    }
}
