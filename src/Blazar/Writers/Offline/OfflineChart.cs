using System.Globalization;
using System.Text;

namespace Blazar.Writers.Offline;

/// <summary>A horizontal bar chart of one numeric column as inline SVG, labelled by the first text column.</summary>
internal static class OfflineChart
{
    private const int MaxBars = 24;
    private const int LabelWidth = 170;
    private const int BarArea = 430;
    private const int RowHeight = 26;

    public static string Bars(CsvTable table, int column)
    {
        var labelColumn = Enumerable.Range(0, table.Header.Count).FirstOrDefault(c => c != column && !table.NumericColumns().Contains(c), -1);
        var rows = table.Rows.Take(MaxBars).Select((row, i) => (
            Label: labelColumn >= 0 ? row[labelColumn] : $"Row {i + 1}",
            Value: CsvTable.TryNumber(row[column], out var v) ? v : 0)).ToList();
        var max = Math.Max(rows.Max(r => Math.Abs(r.Value)), double.Epsilon);
        var height = rows.Count * RowHeight + 40;
        var name = OfflineReport.E(table.Header[column]);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\">\n<svg viewBox=\"0 0 {LabelWidth + BarArea + 90} {height}\" role=\"img\" aria-label=\"{name} by row\">\n<title>{name}</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{LabelWidth}\" y1=\"8\" x2=\"{LabelWidth}\" y2=\"{height - 28}\" class=\"axis\"/>\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = 10 + i * RowHeight;
            var width = Math.Max(1, Math.Abs(rows[i].Value) / max * BarArea);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 15}\" text-anchor=\"end\" class=\"label\">{OfflineReport.E(Clip(rows[i].Label))}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{width:0.#}\" height=\"{RowHeight - 8}\" rx=\"3\" class=\"{(rows[i].Value < 0 ? "bar negative" : "bar")}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + width + 6:0.#}\" y=\"{y + 15}\" class=\"value\">{rows[i].Value:#,0.##}</text>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + BarArea / 2}\" y=\"{height - 8}\" text-anchor=\"middle\" class=\"label\">{name}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"</svg>\n<figcaption>{name}").Append(table.Rows.Count > MaxBars ? $", first {MaxBars} rows" : "").Append(".</figcaption>\n</figure>\n");
        return svg.ToString();
    }

    private static string Clip(string label) => label.Length <= 24 ? label : label[..23] + "…";
}
