namespace Blazar.Chat;

/// <summary>The assistant side of the chat: reads the conversation and answers, proposing a spec when ready.</summary>
public interface IInterviewer
{
    /// <summary>The reply to the last user message of <paramref name="conversation"/>, as text deltas and at most one spec.</summary>
    IAsyncEnumerable<InterviewUpdate> ReplyAsync(IReadOnlyList<ChatTurn> conversation, CancellationToken cancellationToken);
}
