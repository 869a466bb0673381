using Microsoft.AspNetCore.Identity;

namespace Blazar.Storage;

/// <summary>A person who signs in to Blazar: Identity's user (email as user name) with a display name and a role.</summary>
public sealed class BlazarUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary><c>admin</c> or <c>member</c>.</summary>
    public string Role { get; set; } = "member";

    public DateTimeOffset CreatedAt { get; set; }
}
