namespace Blazar.Reports;

/// <summary>
/// How much tabular data a spec may carry. Beyond this no report reads better, and every writer's work
/// (the offline writer's table, chart and facts, a model's prompt) stays bounded.
/// </summary>
internal static class DataLimits
{
    public const int MaxColumns = 200;
    public const int MaxCells = 100_000;

    /// <summary>What is wrong with the shape of <paramref name="data"/>, in words; empty when it fits (or is not a table).</summary>
    public static IEnumerable<string> Check(string? data)
    {
        if (DelimitedText.Measure(data) is not { } shape)
            yield break;
        if (shape.Columns > MaxColumns)
            yield return $"The data may have at most {MaxColumns:N0} columns (it has {shape.Columns:N0}).";
        if (shape.Cells > MaxCells)
            yield return $"The data may have at most {MaxCells:N0} cells, rows times columns (it has {shape.Cells:N0}).";
    }
}
