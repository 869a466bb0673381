namespace Blazar.Reports;

/// <summary>Checks a spec field by field; an empty map means it is valid. Each message says what is wrong in words.</summary>
internal static class SpecValidator
{
    public const int MaxTitle = 200;
    public const int MaxSummary = 500;
    public const int MaxAudience = 200;
    public const int MaxTone = 200;
    public const int MaxSections = 40;
    public const int MaxSectionLength = 200;
    public const int MaxInstructions = 20_000;
    public const int MaxData = 200 * 1024;

    public static Dictionary<string, string[]> Validate(Spec? spec)
    {
        var errors = new Dictionary<string, string[]>();
        if (spec is null)
        {
            errors["spec"] = ["A spec is required."];
            return errors;
        }
        var title = spec.Title?.Trim() ?? "";
        if (title.Length == 0)
            errors["title"] = ["The title is required."];
        Limit(errors, "title", "The title", title, MaxTitle);
        Limit(errors, "summary", "The summary", spec.Summary?.Trim(), MaxSummary);
        Limit(errors, "audience", "The audience", spec.Audience?.Trim(), MaxAudience);
        Limit(errors, "tone", "The tone", spec.Tone?.Trim(), MaxTone);
        Limit(errors, "instructions", "The instructions", spec.Instructions?.Trim(), MaxInstructions);
        Limit(errors, "data", "The data", spec.Data, MaxData);
        if (!errors.ContainsKey("data") && DataLimits.Check(spec.Data).ToArray() is { Length: > 0 } shape)
            errors["data"] = shape;

        var sections = spec.Sections ?? [];
        if (sections.Count > MaxSections)
            errors["sections"] = [$"At most {MaxSections} sections are allowed (got {sections.Count})."];
        for (var i = 0; i < sections.Count && i < MaxSections; i++)
        {
            var section = sections[i]?.Trim() ?? "";
            if (section.Length == 0)
                errors[$"sections[{i}]"] = [$"Section {i + 1} needs a name."];
            else if (section.Length > MaxSectionLength)
                errors[$"sections[{i}]"] = [$"Section {i + 1} (\"{section[..40]}…\") must be at most {MaxSectionLength} characters (it has {section.Length})."];
        }
        return errors;
    }

    /// <summary>The spec as it is stored: trimmed, with no null collections.</summary>
    public static Spec Normalize(Spec spec) => spec with
    {
        Title = spec.Title.Trim(),
        Summary = Blank(spec.Summary),
        Audience = Blank(spec.Audience),
        Tone = Blank(spec.Tone),
        Sections = [.. (spec.Sections ?? []).Select(s => s.Trim())],
        Instructions = Blank(spec.Instructions),
        Data = string.IsNullOrWhiteSpace(spec.Data) ? null : spec.Data,
    };

    private static void Limit(Dictionary<string, string[]> errors, string field, string name, string? value, int max)
    {
        if (value is { Length: var length } && length > max)
            errors[field] = [$"{name} must be at most {max:N0} characters (it has {length:N0})."];
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
