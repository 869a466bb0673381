namespace Blazar.Storage;

/// <summary>A personal API token: only its SHA-256 hash is kept; deleting the row revokes it.</summary>
internal sealed class ApiTokenRow
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
