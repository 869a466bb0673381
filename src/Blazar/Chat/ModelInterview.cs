using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Blazar.Extensions;
using Blazar.Reports;
using Microsoft.Extensions.AI;

namespace Blazar.Chat;

/// <summary>
/// The assistant when a model is configured: the model interviews the user and proposes the spec by
/// calling the <c>propose_spec</c> tool, whose arguments are the spec itself.
/// </summary>
internal sealed class ModelInterview(IChatClient client) : IInterviewer
{
    public const string ToolName = "propose_spec";

    private const string SystemPrompt = """
        You are Blazar's report planner. Blazar writes a standalone HTML report from a spec.
        Interview the user briefly, one or two questions at a time, to learn: the topic (and a good title),
        the audience, the sections the report should have, any data, and the tone.
        Users may paste CSV data into the chat; it is attached to the spec automatically, so never copy it
        into the data argument. Do not ask for what the user already told you; suggest sensible defaults.
        As soon as you know enough, call the propose_spec tool with the complete spec. If the user asks for
        changes after a proposal, call propose_spec again with the updated spec. Never write the report yourself.
        """;

    private static readonly AIFunction ProposeSpec = AIFunctionFactory.Create(
        Propose,
        ToolName,
        "Propose the report spec to the user, who can then confirm or edit it.");

    public async IAsyncEnumerable<InterviewUpdate> ReplyAsync(IReadOnlyList<ChatTurn> conversation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = [new(ChatRole.System, SystemPrompt)];
        messages.AddRange(conversation.Select(t => new ChatMessage(t.Role == "assistant" ? ChatRole.Assistant : ChatRole.User, t.Content ?? "")));
        var options = new ChatOptions { Tools = [ProposeSpec], ToolMode = ChatToolMode.Auto, AllowMultipleToolCalls = false };

        var wroteText = false;
        Spec? proposed = null;
        long input = 0, output = 0;
        string? model = null;
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            model ??= update.ModelId;
            foreach (var content in update.Contents)
            {
                if (content is UsageContent { Details: var details })
                {
                    input += details.InputTokenCount ?? 0;
                    output += details.OutputTokenCount ?? 0;
                }
                if (content is TextContent { Text.Length: > 0 } text)
                {
                    wroteText = true;
                    yield return new InterviewUpdate(text.Text);
                }
                else if (content is FunctionCallContent { Name: ToolName } call && proposed is null)
                {
                    proposed = ToSpec(call.Arguments, conversation);
                }
            }
        }
        if (input > 0 || output > 0)
            yield return new InterviewUpdate(null) { Usage = new Usage(model ?? "unknown", input, output) };
        if (proposed is null)
            yield break;
        if (!wroteText)
            yield return new InterviewUpdate("Here is the spec I propose: Confirm to start writing, or Edit any field first.");
        yield return new InterviewUpdate(null, proposed);
    }

    /// <summary>The tool call's arguments as a spec; pasted data the model left out is attached here.</summary>
    public static Spec ToSpec(IDictionary<string, object?>? arguments, IReadOnlyList<ChatTurn> conversation)
    {
        var json = JsonSerializer.SerializeToElement(arguments ?? new Dictionary<string, object?>(), BlazarJson.Options);
        var spec = json.Deserialize<Spec>(BlazarJson.Options) ?? new Spec();
        if (string.IsNullOrWhiteSpace(spec.Data) && PastedData.LastTable(conversation) is { } table)
            spec = spec with { Data = table };
        return SpecValidator.Normalize(spec with { Sections = spec.Sections ?? [] });
    }

    // The tool's schema comes from this signature; it is never invoked (the call is read, not run).
    private static string Propose(
        [Description("Report title, at most 200 characters")] string title,
        [Description("One-sentence summary of the report")] string? summary,
        [Description("Who will read it")] string? audience,
        [Description("Tone of voice, e.g. concise, friendly, formal")] string? tone,
        [Description("Section headings in order, at most 40")] string[]? sections,
        [Description("Everything else the writer should know, gathered from the conversation")] string? instructions,
        [Description("Data the report is about, when the user typed it (pasted CSV is attached automatically)")] string? data) =>
        "proposed";
}
