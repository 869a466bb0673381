namespace Blazar.Storage;

/// <summary>Tokens a person's reports and chat turns used with one model on one day (UTC, <c>yyyy-MM-dd</c>).</summary>
internal sealed class UsageRow
{
    public required string UserId { get; set; }
    public required string Day { get; set; }
    public required string Model { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
}
