namespace Blazar.Reports;

/// <summary>What a report cost: the model that wrote it and the tokens it used.</summary>
public sealed record Usage(string Model, long InputTokens, long OutputTokens)
{
    /// <summary>Why the model last stopped writing (<c>stop</c>, <c>length</c> for its token limit, …), once known.</summary>
    public string? StopReason { get; init; }
}
