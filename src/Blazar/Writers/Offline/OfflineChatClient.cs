using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Blazar.Writers.Offline;

/// <summary>
/// The built-in writer: a chat client that needs no model. It reads the spec from the prompt, renders a
/// complete report with <see cref="OfflineReport"/> (or a revision with <see cref="OfflineRevision"/>), and streams
/// it in token-sized deltas at a set pace.
/// An assistant message at the end of the conversation is taken as prefill: it writes what follows it.
/// </summary>
internal sealed class OfflineChatClient(int charsPerSecond, TimeProvider time) : IChatClient
{
    public const string ModelId = "offline";

    /// <summary>Pauses shorter than this are saved up, so a fast pace is not a timer per token.</summary>
    private static readonly TimeSpan MinPause = TimeSpan.FromMilliseconds(15);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var conversation = messages.ToList();
        var spec = ReportPrompt.FindSpec(conversation)
            ?? throw new ArgumentException("The offline writer needs a conversation that carries a <spec>.", nameof(messages));
        var html = ReportPrompt.FindRevision(conversation) switch
        {
            null => OfflineReport.Render(spec, time.GetUtcNow(), cancellationToken),
            { Section: { } section } revision => OfflineRevision.Section(spec, revision, section),
            { } revision => OfflineRevision.Whole(spec, revision, time.GetUtcNow(), cancellationToken),
        };
        var start = PrefillLength(html, conversation);

        var started = time.GetTimestamp();
        var sent = 0;
        foreach (var token in Tokens(html, start))
        {
            cancellationToken.ThrowIfCancellationRequested();
            sent += token.Length;
            if (charsPerSecond > 0)
            {
                var ahead = TimeSpan.FromSeconds((double)sent / charsPerSecond) - time.GetElapsedTime(started);
                if (ahead >= MinPause)
                    await Task.Delay(ahead, time, cancellationToken);
            }
            yield return new ChatResponseUpdate(ChatRole.Assistant, token) { ModelId = ModelId };
        }
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails
            {
                InputTokenCount = conversation.Sum(m => m.Text.Length) / 4,
                OutputTokenCount = (html.Length - start) / 4,
            })],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    /// <summary>Where to pick up: after the prefill, which must begin the report (trailing white space aside).</summary>
    private static int PrefillLength(string html, List<ChatMessage> conversation)
    {
        if (conversation is not [.., { Role: var role } last] || role != ChatRole.Assistant)
            return 0;
        var prefill = last.Text;
        if (html.StartsWith(prefill, StringComparison.Ordinal))
            return prefill.Length;
        var trimmed = prefill.TrimEnd();
        return html.StartsWith(trimmed, StringComparison.Ordinal)
            ? trimmed.Length
            : throw new InvalidOperationException("The offline writer can only continue a report it began itself, and this text is not one of its own.");
    }

    /// <summary>Splits text the way a model's tokens fall: a word with the space before it, or a run of markup.</summary>
    internal static IEnumerable<string> Tokens(string text, int start)
    {
        var i = start;
        while (i < text.Length)
        {
            var end = i + 1;
            while (end < text.Length && end - i < 12 && char.IsLetterOrDigit(text[end]) == char.IsLetterOrDigit(text[end - 1]) && text[end] != ' ')
                end++;
            if (end < text.Length && char.IsLowSurrogate(text[end]))
                end++; // never split a surrogate pair
            yield return text[i..end];
            i = end;
        }
    }
}
