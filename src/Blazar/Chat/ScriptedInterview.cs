using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Blazar.Reports;

namespace Blazar.Chat;

/// <summary>
/// The offline assistant: a guided interview that asks for topic, audience, sections, data and tone in
/// turn, then proposes the spec. It keeps no state: every reply is worked out again from the conversation,
/// so a reload (or another server) carries on where the user was.
/// </summary>
internal sealed partial class ScriptedInterview : IInterviewer
{
    private static readonly string[] DefaultSections = ["Executive summary", "Background", "Findings", "Recommendations"];

    public async IAsyncEnumerable<InterviewUpdate> ReplyAsync(IReadOnlyList<ChatTurn> conversation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (text, spec) = Reply(conversation);
        // Word-sized deltas, like a model's, so the page renders one code path.
        foreach (Match word in WordPattern().Matches(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new InterviewUpdate(word.Value);
        }
        if (spec is not null)
            yield return new InterviewUpdate(null, spec);
        await Task.CompletedTask;
    }

    /// <summary>The next reply and, once every answer is in, the spec.</summary>
    public static (string Text, Spec? Spec) Reply(IReadOnlyList<ChatTurn> conversation)
    {
        var answers = new Answers();
        string? dataNote = null;
        var userTurns = conversation.Where(t => t.Role == "user").Select(t => t.Content?.Trim() ?? "").ToList();
        var restart = userTurns.FindLastIndex(IsRestart);
        if (restart >= 0 && restart == userTurns.Count - 1)
            return ("Let's start again. What should the new report be about?", null);
        foreach (var turn in userTurns.Skip(restart + 1))
            dataNote = answers.Take(turn);

        var question = answers.NextQuestion();
        if (question is not null)
            return (dataNote is null ? question : $"Thanks — I attached your data ({dataNote}). {question}", null);
        var spec = answers.ToSpec();
        var intro = answers.Notes.Count > 0 ? "I updated the spec with your note." : "Thanks, that's everything I need.";
        return ($"{intro} Here is the spec: Confirm to start writing, or Edit any field first.", spec);
    }

    private static bool IsRestart(string text) => RestartPattern().IsMatch(text);

    private static bool IsNone(string text) => NonePattern().IsMatch(text);

    /// <summary>The answers collected so far, in the order the questions are asked.</summary>
    private sealed class Answers
    {
        public string? Topic { get; private set; }
        public string? Audience { get; private set; }
        public List<string>? Sections { get; private set; }
        public string? Data { get; private set; }
        public bool DataAnswered { get; private set; }
        public string? Tone { get; private set; }
        public List<string> Notes { get; } = [];

        /// <summary>Takes one user message as the answer to the open question; returns a note when it was pasted data.</summary>
        public string? Take(string text)
        {
            if (text.Length == 0)
                return null;
            if (PastedData.IsTable(text))
            {
                Data = text;
                DataAnswered = true;
                return PastedData.Describe(text);
            }
            if (Topic is null)
                Topic = text;
            else if (Audience is null)
                Audience = IsNone(text) ? "general readers" : text;
            else if (Sections is null)
                Sections = IsNone(text) || ChoosePattern().IsMatch(text) ? [.. DefaultSections] : SplitSections(text);
            else if (!DataAnswered)
            {
                DataAnswered = true;
                Data = IsNone(text) ? null : text;
            }
            else if (Tone is null)
                Tone = IsNone(text) ? "clear and concise" : text;
            else
                Notes.Add(text);
            return null;
        }

        public string? NextQuestion() =>
            Topic is null ? "What should the report be about? A sentence is enough."
            : Audience is null ? "Who will read it? For example leadership, engineers or customers."
            : Sections is null ? "Which sections should it have? List them one per line or separated by commas, or say \"you choose\"."
            : !DataAnswered ? "Do you have data for it? Paste CSV with a header row and I'll turn it into a table and a chart, or say \"no\"."
            : Tone is null ? "Last one: what tone should it take? For example concise, friendly or formal."
            : null;

        public Spec ToSpec()
        {
            var title = TitleOf(Topic!);
            var instructions = string.Join("\n", new[] { $"Topic: {Topic}", $"Audience: {Audience}", $"Tone: {Tone}" }.Concat(Notes));
            return SpecValidator.Normalize(new Spec
            {
                Title = title,
                Summary = SaysMore(Topic!, title) ? Clip(Topic!, 300) : $"{title}, written for {Audience}.",
                Audience = Audience,
                Tone = Tone,
                Sections = Sections!,
                Instructions = instructions,
                Data = Data,
            });
        }
    }

    /// <summary>True when the topic says more than its title: several lines or sentences, or a clipped title.</summary>
    private static bool SaysMore(string topic, string title) =>
        topic.Contains('\n', StringComparison.Ordinal) || topic.TrimEnd('.', ' ').Contains(". ", StringComparison.Ordinal) || title.EndsWith('…');

    private static List<string> SplitSections(string text)
    {
        var separators = text.Contains('\n', StringComparison.Ordinal) ? new[] { '\n' } : new[] { ',', ';' };
        var sections = text.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => BulletPattern().Replace(s, "").Trim())
            .Where(s => s.Length > 0)
            .Select(s => Clip(s, SpecValidator.MaxSectionLength))
            .Take(SpecValidator.MaxSections)
            .ToList();
        return sections.Count > 0 ? sections : [.. DefaultSections];
    }

    /// <summary>"I need a report about churn in Q3." → "Churn in Q3".</summary>
    private static string TitleOf(string topic)
    {
        var line = topic.Split('\n')[0];
        var title = LeadInPattern().Replace(line, "").Trim().TrimEnd('.', '!', '?', ' ');
        if (title.Length == 0)
            title = line.Trim();
        title = Clip(title, 80);
        return char.ToUpperInvariant(title[0]) + title[1..];
    }

    private static string Clip(string text, int max)
    {
        if (text.Length <= max)
            return text;
        var cut = text.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? text[..cut] : text[..(max - 1)]).TrimEnd() + "…";
    }

    [GeneratedRegex(@"\S+\s*|\s+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"^\s*(start (over|again)|new report|reset)\s*[.!]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RestartPattern();

    [GeneratedRegex(@"^\s*(no|none|nope|skip|n/?a|no data|nothing|-)\s*[.!]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NonePattern();

    [GeneratedRegex(@"^\s*(you (choose|decide|pick)|any|whatever|default|up to you)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ChoosePattern();

    [GeneratedRegex(@"^\s*([-*•]|\d+[.)])\s*")]
    private static partial Regex BulletPattern();

    [GeneratedRegex(@"^\s*(please\s+)?((i|we)\s+(need|want|would like)\s+)?((write|make|create|prepare)\s+(me\s+)?)?(an?\s+)?(short\s+|brief\s+|detailed\s+)?(report|review|analysis|write-?up)?\s*(on|about|of|covering)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadInPattern();
}
