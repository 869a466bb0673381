using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace Blazar.Writers;

/// <summary>
/// Usage a provider reports before the end of a stream. The Anthropic adapter reports usage only at the end, but
/// <c>message_start</c> already carries the input tokens, which are spent even when the stream later breaks.
/// </summary>
internal static class EarlyUsage
{
    public static long? InputTokens(ChatResponseUpdate update) =>
        update.RawRepresentation is RawMessageStreamEvent raw && raw.TryPickStart(out var start) ? start.Message.Usage.InputTokens : null;
}
