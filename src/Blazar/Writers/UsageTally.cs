using Blazar.Reports;
using Microsoft.Extensions.AI;

namespace Blazar.Writers;

/// <summary>Adds up what a report has cost across the requests that wrote it (first one, continuations, resumes).</summary>
internal sealed class UsageTally(string model)
{
    private long _input, _output, _attemptInput, _attemptOutput;

    public string Model { get; private set; } = model;

    /// <summary>The finish reason of the latest response that gave one.</summary>
    public string? StopReason { get; private set; }

    public Usage Total => new(Model, _input + _attemptInput, _output + _attemptOutput) { StopReason = StopReason };

    /// <summary>Takes the usage an update reports (cumulative within one response); true when the total changed.</summary>
    public bool Observe(ChatResponseUpdate update)
    {
        if (!string.IsNullOrEmpty(update.ModelId))
            Model = update.ModelId;
        var changed = false;
        if (update.FinishReason is { } finish && finish.Value != StopReason)
        {
            StopReason = finish.Value;
            changed = true;
        }
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++) // per delta: no enumerator
        {
            if (contents[i] is not UsageContent usage)
                continue;
            var input = Math.Max(_attemptInput, usage.Details.InputTokenCount ?? 0);
            var output = Math.Max(_attemptOutput, usage.Details.OutputTokenCount ?? 0);
            changed |= input != _attemptInput || output != _attemptOutput;
            (_attemptInput, _attemptOutput) = (input, output);
        }
        return changed;
    }

    /// <summary>One request is over: its usage becomes part of the total.</summary>
    public void EndAttempt()
    {
        _input += _attemptInput;
        _output += _attemptOutput;
        _attemptInput = _attemptOutput = 0;
    }
}
