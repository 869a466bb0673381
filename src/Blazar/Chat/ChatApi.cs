using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Blazar.Accounts;
using Blazar.Extensions;
using Blazar.Reports;
using Blazar.Storage;
using Blazar.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blazar.Chat;

/// <summary>
/// <c>POST /api/chat</c>: the conversation so far in, the assistant's reply out as SSE — <c>delta</c>
/// events of text, a <c>spec</c> event when it proposes one, then <c>done</c> (or <c>error</c>).
/// </summary>
internal static partial class ChatApi
{
    public const int MaxMessages = 200;
    public const int MaxMessageChars = 128 * 1024;

    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/chat", Chat).ValidateBodies().RateLimited(AccountsExtensions.ChatLimit);
        return app;
    }

    private static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> Chat(
        Body<ChatRequest> body, ClaimsPrincipal user, Quotas quotas, IUsageLedger ledger, HttpContext context, IInterviewer interviewer, TimeProvider time, ILoggerFactory loggers)
    {
        var userId = user.UserId()!;
        if (await quotas.CheckTokensAsync(userId, context.Response, context.RequestAborted) is { } refused)
            return refused;
        var logger = loggers.CreateLogger(typeof(ChatApi));
        var spent = new Spent(ledger, userId);
        return SseResponse.WithHeartbeat(context, Reply(interviewer, body.Value.Messages!, spent, logger, context.RequestAborted), time);
    }

    /// <summary>Where a chat turn's tokens are counted, against the person's daily budget.</summary>
    private sealed record Spent(IUsageLedger Ledger, string UserId);

    public static Dictionary<string, string[]> Validate(ChatRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var messages = request.Messages;
        if (messages is null || messages.Count == 0)
        {
            errors["messages"] = ["Send the conversation so far: at least one message."];
            return errors;
        }
        if (messages.Count > MaxMessages)
            errors["messages"] = [$"At most {MaxMessages} messages are allowed (got {messages.Count}); start a new conversation."];
        for (var i = 0; i < messages.Count && i < MaxMessages; i++)
        {
            if (messages[i] is not { } m)
            {
                errors[$"messages[{i}]"] = ["A message is required."];
                continue;
            }
            if (m.Role is not ("user" or "assistant"))
                errors[$"messages[{i}].role"] = ["The role must be \"user\" or \"assistant\"."];
            if (m.Content is null)
                errors[$"messages[{i}].content"] = ["The content is required."];
            else if (m.Content.Length > MaxMessageChars)
                errors[$"messages[{i}].content"] = [$"A message may have at most {MaxMessageChars} characters."];
        }
        if (errors.Count == 0 && (messages[^1].Role != "user" || string.IsNullOrWhiteSpace(messages[^1].Content)))
            errors["messages"] = ["The last message must be the user's, and not empty."];
        return errors;
    }

    private static async IAsyncEnumerable<SseItem<string>> Reply(
        IInterviewer interviewer, IReadOnlyList<ChatTurn> conversation, Spent spent, ILogger logger, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var updates = interviewer.ReplyAsync(conversation, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                SseItem<string>? item = null;
                var failed = false;
                try
                {
                    if (!await updates.MoveNextAsync())
                        break;
                    var update = updates.Current;
                    if (update.Usage is { } usage)
                    {
                        await spent.Ledger.AddAsync(spent.UserId, usage, CancellationToken.None);
                        continue;
                    }
                    item = update.Spec is { } spec ? SseEvents.Item("spec", new { spec }) : SseEvents.Item("delta", new { text = update.Text ?? "" });
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The page shows the message and keeps the conversation, so the user can send again.
                    LogFailed(logger, ex);
                    failed = true;
                }
                if (failed)
                {
                    yield return SseEvents.Item("error", new { message = "The assistant could not answer just now; try again in a moment." });
                    yield break;
                }
                yield return item!.Value;
            }
            yield return SseEvents.Item("done", new { });
        }
        finally
        {
            await updates.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chat assistant failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
