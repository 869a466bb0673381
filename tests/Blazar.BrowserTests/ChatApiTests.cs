using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Blazar.Chat;
using Blazar.Extensions;
using Microsoft.Extensions.AI;

namespace Blazar.BrowserTests;

/// <summary><c>POST /api/chat</c> over real HTTP, and the model interview against a scripted model.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ChatApiTests(BlazarBrowser blazar)
{
    [Fact]
    public async Task Offline_interview_asks_for_each_field_then_proposes_the_spec_with_pasted_csv_as_data()
    {
        var answers = new List<ChatTurn>();
        string[] expectedQuestions = ["Who will read it?", "Which sections", "Paste CSV", "what tone"];
        string[] replies = ["Quarterly sales in Europe", "the sales team", "Overview, Countries, Outlook", "no", "friendly"];
        for (var i = 0; i < replies.Length; i++)
        {
            answers.Add(new ChatTurn("user", replies[i]));
            var events = await ChatAsync(answers);
            var text = string.Concat(events.Where(e => e.Type == "delta").Select(e => e.Data.GetProperty("text").GetString()));
            answers.Add(new ChatTurn("assistant", text));
            Assert.Equal("done", events[^1].Type);
            if (i < expectedQuestions.Length)
            {
                Assert.Contains(expectedQuestions[i], text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(events, e => e.Type == "spec");
            }
            else
            {
                var spec = events.Single(e => e.Type == "spec").Data.GetProperty("spec");
                Assert.Equal("Quarterly sales in Europe", spec.GetProperty("title").GetString());
                Assert.Equal("the sales team", spec.GetProperty("audience").GetString());
                Assert.Equal("friendly", spec.GetProperty("tone").GetString());
                Assert.Equal(["Overview", "Countries", "Outlook"], spec.GetProperty("sections").EnumerateArray().Select(s => s.GetString()));
                Assert.False(spec.TryGetProperty("data", out _));
            }
        }

        // CSV pasted at any point becomes the data, and the interview does not ask for data again.
        var withCsv = new List<ChatTurn> { new("user", "Churn"), new("user", "month,churn\nJul,3.1\nAug,3.4"), new("user", "leadership"), new("user", "you choose"), new("user", "concise") };
        var final = await ChatAsync(withCsv);
        var proposed = final.Single(e => e.Type == "spec").Data.GetProperty("spec");
        Assert.Equal("month,churn\nJul,3.1\nAug,3.4", proposed.GetProperty("data").GetString());
        Assert.True(proposed.GetProperty("sections").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Bad_chat_bodies_are_refused_with_field_errors_and_oversized_ones_with_413()
    {
        using var bad = await blazar.Http.PostAsync("/api/chat", JsonContent.Create(new { messages = new object[] { new { role = "system", content = (string?)null } } }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("messages[0].role", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("messages[0].content", out _));

        using var empty = await blazar.Http.PostAsync("/api/chat", JsonContent.Create(new { messages = Array.Empty<object>() }));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        var huge = new string('x', 300 * 1024);
        using var tooLarge = await blazar.Http.PostAsync("/api/chat", JsonContent.Create(new { messages = new[] { new { role = "user", content = huge } } }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = JsonContent.Create(new { messages = new[] { new { role = "user", content = "hi" } } }) };
        foreign.Headers.Add("Origin", "null");
        using var refused = await blazar.Http.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Model_interview_streams_the_models_text_and_proposes_the_spec_from_its_tool_call()
    {
        var model = new ToolCallingModel();
        var interview = new ModelInterview(model);
        List<ChatTurn> conversation = [new("user", "Churn review for leadership"), new("user", "month,churn\nJul,3.1\nAug,3.4")];

        var updates = new List<InterviewUpdate>();
        await foreach (var update in interview.ReplyAsync(conversation, CancellationToken.None))
            updates.Add(update);

        Assert.Equal("Here is my proposal.", string.Concat(updates.Select(u => u.Text)));
        var spec = Assert.Single(updates, u => u.Spec is not null).Spec!;
        Assert.Equal("Churn review", spec.Title);
        Assert.Equal(["Summary", "Drivers"], spec.Sections);
        Assert.Equal("leadership", spec.Audience);
        Assert.Equal("month,churn\nJul,3.1\nAug,3.4", spec.Data); // attached from the chat, not copied by the model
        var tool = Assert.Single(model.Options!.Tools!);
        Assert.Equal(ModelInterview.ToolName, tool.Name);
        Assert.Contains("\"sections\"", ((AIFunction)tool).JsonSchema.GetRawText(), StringComparison.Ordinal);
    }

    private async Task<List<StreamEvent>> ChatAsync(IEnumerable<ChatTurn> messages)
    {
        using var response = await blazar.Http.PostAsync("/api/chat", JsonContent.Create(new { messages }, options: BlazarJson.Options));
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<StreamEvent>();
        await foreach (var item in ReportStream.ReadAsync(response))
            events.Add(item);
        return events;
    }

    /// <summary>A model that says one sentence and then calls propose_spec.</summary>
    private sealed class ToolCallingModel : IChatClient
    {
        private static readonly string[] Sections = ["Summary", "Drivers"];

        public ChatOptions? Options { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Options = options;
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "Here is ");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "my proposal.");
            var arguments = new Dictionary<string, object?>
            {
                ["title"] = "Churn review",
                ["audience"] = "leadership",
                ["sections"] = JsonSerializer.SerializeToElement(Sections),
            };
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call-1", ModelInterview.ToolName, arguments)]);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

}
