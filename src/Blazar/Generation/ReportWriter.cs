using System.Runtime.CompilerServices;
using Blazar.Reports;
using Microsoft.Extensions.AI;

namespace Blazar.Generation;

/// <summary>
/// Writes a report with whichever <see cref="IChatClient"/> is configured, picking up after the text
/// already written (assistant prefill) when a report is continued.
/// </summary>
internal sealed class ReportWriter(IChatClient client)
{
    public async IAsyncEnumerable<WriterUpdate> WriteAsync(Spec spec, string written, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var messages = ReportPrompt.For(spec);
        if (written.Length > 0)
            messages.Add(new ChatMessage(ChatRole.Assistant, written));
        string? model = null;
        long input = 0, output = 0;
        await foreach (var update in client.GetStreamingResponseAsync(messages, new ChatOptions(), cancellationToken))
        {
            model ??= update.ModelId;
            if (update.Text is { Length: > 0 } text)
                yield return new WriterUpdate(text);
            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                input += usage.Details.InputTokenCount ?? 0;
                output += usage.Details.OutputTokenCount ?? 0;
                yield return new WriterUpdate(Usage: new Usage(model ?? "unknown", input, output));
            }
            if (update.FinishReason == ChatFinishReason.Length)
                yield return new WriterUpdate(Truncated: true);
        }
    }
}
