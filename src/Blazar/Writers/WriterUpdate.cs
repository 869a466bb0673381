using Blazar.Reports;

namespace Blazar.Writers;

/// <summary>What a writer reports while it writes: text to append, or what the writing has cost so far.</summary>
public sealed record WriterUpdate(string? Text = null, Usage? Usage = null, bool Truncated = false)
{
    /// <summary>When the model's bytes that carried <see cref="Text"/> arrived (a <see cref="TimeProvider"/> timestamp; 0 if unknown).</summary>
    public long ArrivedAt { get; init; }
}
