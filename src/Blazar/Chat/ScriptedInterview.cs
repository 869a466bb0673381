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
        var intro = answers.LastChange ?? "Thanks, that's everything I need.";
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
        public string? Title { get; private set; }
        public List<string> Notes { get; } = [];

        /// <summary>What the latest note after the last question changed, in words.</summary>
        public string? LastChange { get; private set; }

        /// <summary>Takes one user message as the answer to the open question; returns a note when it was pasted data.</summary>
        public string? Take(string text)
        {
            var pasted = PastedData.Split(text);
            string? note = null;
            if (pasted.Table is { } table)
            {
                var askedForData = Sections is not null && !DataAnswered;
                Data = table;
                DataAnswered = true;
                note = PastedData.Describe(table);
                // Words that came with the data answer the open question, or, when the data was what was asked for, are a note on it.
                if (askedForData && pasted.Prose.Length > 0)
                    Notes.Add(pasted.Prose);
                if (askedForData || pasted.Prose.Length == 0)
                    return note;
            }
            Answer(pasted.Prose);
            return note;
        }

        private void Answer(string text)
        {
            if (text.Length == 0)
                return;
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
                LastChange = ApplyNote(text);
        }

        /// <summary>A note on the proposed spec: changes the field it names, or goes into the instructions.</summary>
        private string ApplyNote(string note)
        {
            var clean = note.Trim().TrimEnd('.', '!');
            if (AddSectionPattern().Match(clean) is { Success: true } add)
            {
                var section = Capitalized(Clip(add.Groups["name"].Value.Trim().Trim('"', '\''), SpecValidator.MaxSectionLength));
                if (Sections!.Count < SpecValidator.MaxSections)
                    Sections.Add(section);
                return $"I added the section \"{section}\".";
            }
            if (RemoveSectionPattern().Match(clean) is { Success: true } remove)
            {
                var name = remove.Groups["name"].Value.Trim().Trim('"', '\'');
                var found = Sections!.FindIndex(x => string.Equals(x, name, StringComparison.OrdinalIgnoreCase));
                if (found >= 0)
                {
                    var removed = Sections[found];
                    Sections.RemoveAt(found);
                    return $"I removed the section \"{removed}\".";
                }
            }
            if (TitleNotePattern().Match(clean) is { Success: true } title)
            {
                Title = Capitalized(Clip(title.Groups["value"].Value.Trim().Trim('"', '\''), 200));
                return $"I renamed it \"{Title}\".";
            }
            if (ToneNotePattern().Match(clean) is { Success: true } tone)
            {
                Tone = tone.Groups["value"].Value.Trim();
                return $"I set the tone to {Tone}.";
            }
            if (AudienceNotePattern().Match(clean) is { Success: true } audience)
            {
                Audience = audience.Groups["value"].Value.Trim();
                return $"I set the audience to {Audience}.";
            }
            Notes.Add(note);
            return "I added your note to the instructions.";
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
            var title = Title ?? TitleOf(Topic!);
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

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"^(please\s+)?(also\s+)?add\s+(a\s+|an\s+|one\s+more\s+)?(new\s+)?section\s+(on|about|called|named|for|covering)?\s*(?<name>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex AddSectionPattern();

    [GeneratedRegex(@"^(please\s+)?(remove|drop|delete|leave out)\s+(the\s+)?(section\s+)?(?<name>.+?)(\s+section)?$", RegexOptions.IgnoreCase)]
    private static partial Regex RemoveSectionPattern();

    [GeneratedRegex(@"^(please\s+)?(call it|name it|rename it( to)?|title( it)?:?|the title should be)\s+(?<value>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleNotePattern();

    [GeneratedRegex(@"^(please\s+)?(make it|make the tone|tone:?|the tone should be|use a)\s+(?<value>(more\s+)?(formal|informal|friendly|concise|casual|plain|technical|neutral|persuasive|playful|serious|upbeat|academic|conversational|warm|direct|optimistic|cautious|confident|professional))(\s+tone)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ToneNotePattern();

    [GeneratedRegex(@"^(please\s+)?(audience:?|it'?s for|write it for|the audience is)\s+(?<value>.{2,120})$", RegexOptions.IgnoreCase)]
    private static partial Regex AudienceNotePattern();

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
