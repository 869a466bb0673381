using Blazar.Reports;

namespace Blazar.Writers;

/// <summary>What a writer reports while it writes: text to append, or what the writing has cost so far.</summary>
public sealed record WriterUpdate(string? Text = null, Usage? Usage = null, bool Truncated = false);
