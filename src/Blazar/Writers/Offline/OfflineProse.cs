using Blazar.Reports;

namespace Blazar.Writers.Offline;

/// <summary>
/// The offline writer's words. From the spec: an opening that says what the report is, and for every other
/// section a sentence on its place in the report. From the data: each section gets its own kind of fact
/// (the headline, the ranges, the changes, the shares, the next steps), so no two sections say the same thing.
/// It has no model, so it never invents a figure or a finding.
/// </summary>
internal static class OfflineProse
{
    /// <summary>What the spec itself says about section <paramref name="index"/> of <paramref name="sections"/>.</summary>
    public static IEnumerable<string> Section(Spec spec, IReadOnlyList<string> sections, int index, bool hasFacts)
    {
        var section = sections[index];
        if (index == 0)
        {
            var audience = spec.Audience is { } a ? $" It is written for {a}{(spec.Tone is { } t ? $", in a {t.ToLowerInvariant()} voice" : "")}." : spec.Tone is { } tone ? $" Its voice is {tone.ToLowerInvariant()}." : "";
            yield return $"This report covers {spec.Title}. {(spec.Summary is { } s ? $"In brief: {Lower(Sentence(s))} " : "")}{audience.TrimStart()}{(sections.Count > 1 ? $" Its {sections.Count} sections are {DataProse.List(sections.Select(Quote))}." : "")}".Replace("  ", " ", StringComparison.Ordinal).Trim();
            if (spec.Instructions is { } brief)
                yield return $"The brief behind it reads: “{Clip(brief, 600)}”";
            yield break;
        }
        if (hasFacts)
            yield break; // the data speaks for it
        var previous = Quote(sections[index - 1]);
        var last = index == sections.Count - 1;
        var relevant = spec.Instructions is { } instructions ? Relevant(instructions, section) : null;
        if (last)
        {
            yield return $"{Quote(section)} closes the report. Without a model or data to weigh, the offline writer cannot rank options for {spec.Title}; a model-written version would draw them from the brief{(spec.Summary is { } goal ? $", whose aim is: {Lower(Sentence(goal))}" : ".")}";
            yield break;
        }
        yield return ((index - 1) % 4) switch
        {
            0 => $"{Quote(section)} follows {previous}. The offline writer has no model, so it records what this part must answer and leaves the analysis to a model-written revision.",
            1 => $"Next comes {Quote(section)}, part {index + 1} of {sections.Count}. No data was supplied for it, so there are no figures to report here yet.",
            2 => $"In {Quote(section)} a model would weigh the evidence on {spec.Title}; this draft marks the place and what belongs in it.",
            _ => $"{Quote(section)} is the {Ordinal(index + 1)} part. It waits on material the brief did not include.",
        };
        if (relevant is not null)
            yield return $"The brief asks this of it: “{relevant}”";
    }

    /// <summary>The paragraphs each section gets from the data: every fact in exactly one section.</summary>
    public static List<string>[] FromData(DataFacts facts, int sectionCount, int dataSection)
    {
        var plan = Enumerable.Range(0, sectionCount).Select(_ => new List<string>()).ToArray();
        var last = sectionCount - 1;
        if (dataSection != 0 && DataProse.Headline(facts) is { } headline)
            plan[0].Add(headline);
        plan[dataSection].Add(DataProse.Overview(facts));
        plan[dataSection].AddRange(facts.Ranges.Take(DataFacts.MaxDescribed).Select(DataProse.Range));

        List<string>[] groups =
        [
            [.. facts.Changes.Take(DataFacts.MaxDescribed).Select(DataProse.Change)],
            [.. facts.Shares.Take(DataFacts.MaxDescribed).Select(DataProse.Share)],
            [.. facts.Signs.Take(3).Select(DataProse.Signs), .. DataProse.Gaps(facts) is { } gaps ? [gaps] : Array.Empty<string>()],
        ];
        string[] leads = ["how the figures moved from one period to the next", "how each total divides among the rows", "where the values fall below zero or are missing"];
        var middle = Enumerable.Range(1, Math.Max(0, sectionCount - 2)).Where(i => i != dataSection).ToList();
        var next = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            if (groups[g].Count == 0)
                continue;
            if (middle.Count == 0)
            {
                plan[dataSection].AddRange(groups[g]);
                continue;
            }
            var target = middle[next++ % middle.Count];
            if (plan[target].Count == 0)
                plan[target].Add($"This section looks at {leads[g]}.");
            plan[target].AddRange(groups[g]);
        }
        return plan;
    }

    /// <summary>A sentence of the brief that shares a word with the section's name, if one does.</summary>
    private static string? Relevant(string brief, string section)
    {
        var words = section.Split([' ', ',', '&', '/', '-'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 4).Select(w => w[..Math.Min(5, w.Length)]).ToList();
        return words.Count == 0 ? null
            : brief.Split(['.', '!', '?', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(s => words.Any(w => s.Contains(w, StringComparison.OrdinalIgnoreCase))) is { } sentence ? Clip(Sentence(sentence), 300) : null;
    }

    private static string Ordinal(int n) => n switch { 2 => "second", 3 => "third", 4 => "fourth", 5 => "fifth", 6 => "sixth", 7 => "seventh", 8 => "eighth", 9 => "ninth", 10 => "tenth", _ => $"{n}th" };

    private static string Quote(string text) => $"“{text}”";

    private static string Sentence(string text) => text.TrimEnd().EndsWith('.') ? text.Trim() : text.Trim() + ".";

    private static string Lower(string text) => text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static string Clip(string text, int max) => text.Length <= max ? text.Trim() : text[..max].TrimEnd() + "…";
}
