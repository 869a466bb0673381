using System.Globalization;
using System.Text;

namespace Blazar.Writers.Offline;

/// <summary>
/// A bar chart of one numeric column as inline SVG, one row per bar: the row's name and its value (in the
/// column's unit) above a bar that starts at zero, to the right for a positive value and to the left, in its
/// own colour, for a negative one. The drawing is narrow (360 units) so its 13-unit text stays at least 12 px on
/// a 375 px phone; the stylesheet caps its width so the text stays moderate on a wide screen.
/// </summary>
internal static class OfflineChart
{
    public const int MaxBars = 20;
    public const int Width = 360;
    public const int FontSize = 13;
    private const int RowHeight = 38;
    private const int BarHeight = 12;

    public static string Bars(DataFacts facts, DataColumn column)
    {
        var rows = new List<(string Label, double? Value)>(MaxBars);
        var total = 0;
        for (var r = 0; r < facts.Labels.Count; r++)
        {
            if (r == facts.TotalRow)
                continue;
            total++;
            if (rows.Count < MaxBars)
                rows.Add((facts.Labels[r], column.Values![r]));
        }
        var high = Math.Max(0, rows.Max(r => r.Value ?? 0));
        var low = Math.Min(0, rows.Min(r => r.Value ?? 0));
        var scale = high > low ? Width / (high - low) : 0;
        var zero = -low * scale;
        var height = rows.Count * RowHeight + 4;
        var name = OfflineReport.E(column.Name);
        var svg = new StringBuilder(512 + rows.Count * 400);
        svg.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\">\n<svg viewBox=\"0 0 {Width} {height}\" font-size=\"{FontSize}\" role=\"img\" aria-label=\"{name} by {OfflineReport.E(facts.LabelColumn?.Name.ToLowerInvariant() ?? "row")}\">\n<title>{name}</title>\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = 4 + i * RowHeight;
            var (label, value) = rows[i];
            var text = value is { } v ? column.Unit.Format(v) : "no value";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + FontSize}\" class=\"label\">{OfflineReport.E(Clip(label))}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width}\" y=\"{y + FontSize}\" text-anchor=\"end\" class=\"{(value < 0 ? "value negative" : "value")}\">{OfflineReport.E(text)}</text>\n");
            if (value is not { } bar)
                continue;
            var width = Math.Max(1, Math.Abs(bar) * scale);
            var x = bar < 0 ? zero - width : zero;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y + 19}\" width=\"{width:0.#}\" height=\"{BarHeight}\" rx=\"2\" class=\"{(bar < 0 ? "bar negative" : "bar")}\"/>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{zero:0.#}\" y1=\"20\" x2=\"{zero:0.#}\" y2=\"{height}\" class=\"axis\"/>\n");
        svg.Append("</svg>\n<figcaption>").Append(name);
        if (column.Unit.Prefix.Length + column.Unit.Suffix.Length > 0)
            svg.Append(" (").Append(OfflineReport.E(column.Unit.Prefix + column.Unit.Suffix)).Append(')');
        svg.Append(total > MaxBars ? $", the first {MaxBars} of {total} rows" : $", by {OfflineReport.E(facts.LabelColumn?.Name.ToLowerInvariant() ?? "row")}").Append(low < 0 ? "; bars left of the line are below zero." : ".");
        return svg.Append("</figcaption>\n</figure>\n").ToString();
    }

    private static string Clip(string label) => label.Length <= 30 ? label : label[..29] + "…";
}
