using Blazar.Extensions;

namespace Blazar.Reports;

/// <summary>What a report should be: the body that starts a report (design §2).</summary>
public sealed record Spec : IValidatable
{
    public string Title { get; init; } = "";
    public string? Summary { get; init; }
    public string? Audience { get; init; }
    public string? Tone { get; init; }
    public IReadOnlyList<string> Sections { get; init; } = [];
    public string? Instructions { get; init; }
    public string? Data { get; init; }

    IDictionary<string, string[]> IValidatable.Validate() => SpecValidator.Validate(this);
}
