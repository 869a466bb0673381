using AngleSharp.Dom;

namespace Blazar.Exports;

/// <summary>
/// What an SVG chart holds: the data behind a bar chart, as a table; its caption; the shape of its drawing. The
/// offline writer marks each bar's name as <c>&lt;text class="label"&gt;</c> and its value as
/// <c>&lt;text class="value"&gt;</c>, titles the drawing with the column it shows and labels it
/// "{column} by {rows}"; a chart marked otherwise has no readable data.
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

    /// <summary>The caption of the figure the chart is in, if any.</summary>
    public static string? Caption(IElement svg) =>
        svg.ParentElement is { TagName: "FIGURE" } figure && Text(figure.QuerySelector("figcaption")) is { Length: > 0 } caption ? caption : null;

    /// <summary>The chart's drawing's width and height: its <c>viewBox</c>, else its <c>width</c> and <c>height</c>; null when it has neither.</summary>
    public static (double Width, double Height)? Shape(IElement svg)
    {
        var box = (svg.GetAttribute("viewBox") ?? "").Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (box.Length == 4 && Number(box[2]) is { } w && Number(box[3]) is { } h)
            return (w, h);
        return Number(svg.GetAttribute("width")?.Trim().TrimEnd('p', 'x')) is { } width && Number(svg.GetAttribute("height")?.Trim().TrimEnd('p', 'x')) is { } height
            ? (width, height)
            : null;
    }

    /// <summary>A positive, finite number (a length in user units or pixels).</summary>
    private static double? Number(string? text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n > 0 ? n : null;

    private static string RowsName(IElement svg, string title)
    {
        var label = svg.GetAttribute("aria-label") ?? "";
        var prefix = title + " by ";
        var rows = label.StartsWith(prefix, StringComparison.Ordinal) ? label[prefix.Length..].Trim() : "";
        return rows.Length == 0 ? "Label" : char.ToUpperInvariant(rows[0]) + rows[1..];
    }

    private static string Text(IElement? element) => string.Join(' ', (element?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
