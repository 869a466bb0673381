namespace Blazar.Reports;

/// <summary>Checks a spec field by field; an empty map means it is valid.</summary>
internal static class SpecValidator
{
    public const int MaxTitle = 200;
    public const int MaxSections = 40;
    public const int MaxSectionLength = 200;

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
        else if (title.Length > MaxTitle)
            errors["title"] = [$"The title must be at most {MaxTitle} characters (it has {title.Length})."];

        var sections = spec.Sections ?? [];
        if (sections.Count > MaxSections)
            errors["sections"] = [$"At most {MaxSections} sections are allowed (got {sections.Count})."];
        for (var i = 0; i < sections.Count && i < MaxSections; i++)
        {
            var section = sections[i]?.Trim() ?? "";
            if (section.Length == 0)
                errors[$"sections[{i}]"] = ["A section needs a name."];
            else if (section.Length > MaxSectionLength)
                errors[$"sections[{i}]"] = [$"A section name must be at most {MaxSectionLength} characters (it has {section.Length})."];
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

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
