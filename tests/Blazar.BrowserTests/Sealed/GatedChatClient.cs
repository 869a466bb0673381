using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Blazar.BrowserTests.Sealed;

/// <summary>
/// The model for these tests: writes <see cref="Before"/> in small pieces (so tags are cut anywhere), waits until the
/// test opens the gate, then writes <see cref="After"/>. The test sees the report mid-way for as long as it needs.
/// </summary>
internal sealed class GatedChatClient : IChatClient
{
    private const int PieceLength = 7;
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Before { get; private set; } = "";
    public string After { get; private set; } = "";

    /// <summary>What the next report will say, before and after the gate; the gate closes again.</summary>
    public void Script(string before, string after)
    {
        Before = before;
        After = after;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Open() => _gate.TrySetResult();

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var gate = _gate.Task;
        foreach (var piece in Pieces(Before))
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        await gate.WaitAsync(cancellationToken);
        foreach (var piece in Pieces(After))
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        yield return new ChatResponseUpdate { Role = ChatRole.Assistant, FinishReason = ChatFinishReason.Stop };
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("gated", defaultModelId: "gated-model") : null;

    public void Dispose()
    {
    }

    private static IEnumerable<string> Pieces(string text)
    {
        for (var i = 0; i < text.Length; i += PieceLength)
            yield return text.Substring(i, Math.Min(PieceLength, text.Length - i));
    }
}
