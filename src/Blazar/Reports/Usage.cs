namespace Blazar.Reports;

/// <summary>What a report cost: the model that wrote it and the tokens it used.</summary>
public sealed record Usage(string Model, long InputTokens, long OutputTokens);
