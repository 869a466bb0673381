using System.Security.Claims;
using Blazar.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Blazar.Accounts;

/// <summary>Identity's claims for a person, plus their role and display name (what the cookie carries).</summary>
internal sealed class AccountClaims(UserManager<BlazarUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<BlazarUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(BlazarUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        identity.AddClaim(new Claim(Caller.DisplayNameClaim, user.DisplayName));
        return identity;
    }
}
