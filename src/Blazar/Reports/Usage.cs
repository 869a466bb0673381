namespace Blazar.Reports;

/// <summary>What a report cost: the model that wrote it and the tokens it used.</summary>
public sealed record Usage(string Model, long InputTokens, long OutputTokens)
{
    /// <summary>Why the model last stopped writing (<c>stop</c>, <c>length</c> for its token limit, …), once known.</summary>
    public string? StopReason { get; init; }

    /// <summary>This usage followed by <paramref name="more"/> (a later run of the same version): tokens add up, the latest model and stop reason stand.</summary>
    public Usage Plus(Usage more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return new Usage(more.Model, InputTokens + more.InputTokens, OutputTokens + more.OutputTokens) { StopReason = more.StopReason };
    }
}
