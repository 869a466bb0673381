using AngleSharp.Dom;

namespace Blazar.Exports;

/// <summary>
/// The data behind an SVG bar chart, as a table. The offline writer marks each bar's name as
/// <c>&lt;text class="label"&gt;</c> and its value as <c>&lt;text class="value"&gt;</c>, titles the drawing with
/// the column it shows and labels it "{column} by {rows}"; a chart marked otherwise has no readable data.
/// </summary>
internal static class ChartTable
{
    public static TableBlock? Read(IElement svg)
    {
        var labels = svg.QuerySelectorAll("text.label");
        var values = svg.QuerySelectorAll("text.value");
        if (labels.Length == 0 || labels.Length != values.Length)
            return null;
        var title = Text(svg.QuerySelector("title")) is { Length: > 0 } t ? t : "Value";
        var rows = labels.Zip(values, (label, value) => (IReadOnlyList<IReadOnlyList<TextRun>>)[TextRun.Plain(Text(label)), TextRun.Plain(Text(value))]).ToList();
        return new TableBlock([TextRun.Plain(RowsName(svg, title)), TextRun.Plain(title)], rows);
    }

    /// <summary>What a chart showed, in words, for one whose data cannot be read: its label or its title.</summary>
    public static string? Describe(IElement svg) =>
        svg.GetAttribute("aria-label")?.Trim() is { Length: > 0 } label ? label : Text(svg.QuerySelector("title"));

    private static string RowsName(IElement svg, string title)
    {
        var label = svg.GetAttribute("aria-label") ?? "";
        var prefix = title + " by ";
        var rows = label.StartsWith(prefix, StringComparison.Ordinal) ? label[prefix.Length..].Trim() : "";
        return rows.Length == 0 ? "Label" : char.ToUpperInvariant(rows[0]) + rows[1..];
    }

    private static string Text(IElement? element) => string.Join(' ', (element?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
