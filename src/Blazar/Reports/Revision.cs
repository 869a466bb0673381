namespace Blazar.Reports;

/// <summary>
/// What a new version is asked to change: the whole document, or only the section whose <c>&lt;h2&gt;</c> reads
/// <see cref="Section"/>.
/// </summary>
public sealed record Revision(string Instruction, string? Section)
{
    /// <summary>The longest instruction accepted.</summary>
    public const int MaxInstruction = 4000;
}
