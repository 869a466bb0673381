using Blazar.Extensions;

namespace Blazar.Chat;

/// <summary>One message of the conversation the page sends with every request: <c>user</c> or <c>assistant</c>.</summary>
public sealed record ChatTurn(string? Role, string? Content);

/// <summary>The body of <c>POST /api/chat</c>: the whole conversation so far, oldest first.</summary>
public sealed record ChatRequest(IReadOnlyList<ChatTurn>? Messages) : IValidatable
{
    IDictionary<string, string[]> IValidatable.Validate() => ChatApi.Validate(this);
}

/// <summary>What the assistant says next: some text, and the proposed spec once it has everything.</summary>
public sealed record InterviewUpdate(string? Text, Reports.Spec? Spec = null)
{
    /// <summary>What the turn cost, once the model says (sent alone, without text or spec).</summary>
    public Reports.Usage? Usage { get; init; }
}
