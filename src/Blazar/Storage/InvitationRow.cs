namespace Blazar.Storage;

/// <summary>A one-time invitation: only the SHA-256 hash of its link's secret is kept.</summary>
internal sealed class InvitationRow
{
    public required string Hash { get; set; }
    public required string Email { get; set; }
    public required string Role { get; set; }
    public required string InvitedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}
