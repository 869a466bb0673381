using System.Globalization;
using System.Net;
using System.Text;
using Blazar.Reports;

namespace Blazar.Writers.Offline;

/// <summary>
/// Renders a complete, standalone report from a spec without a model: a title block, each section
/// with prose drawn from the spec, and pasted CSV as a table with an SVG bar chart.
/// </summary>
internal static class OfflineReport
{
    private static readonly string[] DefaultSections = ["Overview", "Key findings", "Recommendations"];
    private static readonly string[] DataWords = ["data", "figure", "number", "metric", "result", "finding", "analysis", "driver", "trend"];

    public static string Render(Spec spec, DateTimeOffset now)
    {
        var sections = spec.Sections.Count > 0 ? spec.Sections : DefaultSections;
        var table = CsvTable.TryParse(spec.Data);
        var dataSection = table is null ? -1 : DataSectionIndex(sections);
        var html = new StringBuilder(16 * 1024);
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(spec.Title)).Append("</title>\n<style>\n").Append(OfflineReportStyle.Css).Append("</style>\n</head>\n<body>\n<main>\n");
        html.Append("<header class=\"title-block\">\n<p class=\"kicker\">Report</p>\n<h1>").Append(E(spec.Title)).Append("</h1>\n");
        if (spec.Summary is { } summary)
            html.Append("<p class=\"subtitle\">").Append(E(summary)).Append("</p>\n");
        html.Append("<p class=\"meta\">");
        if (spec.Audience is { } audience)
            html.Append("For ").Append(E(audience)).Append(" · ");
        html.Append(now.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append(" · ").Append(sections.Count).Append(" sections</p>\n</header>\n");

        for (var i = 0; i < sections.Count; i++)
        {
            html.Append("\n<section>\n<h2>").Append(E(sections[i])).Append("</h2>\n");
            foreach (var paragraph in OfflineProse.Section(spec, sections[i], i, sections.Count))
                html.Append("<p>").Append(E(paragraph)).Append("</p>\n");
            if (i == dataSection && table is not null)
                AppendData(html, table);
            else
                AppendPoints(html, OfflineProse.Points(spec, sections[i], i));
            html.Append("</section>\n");
        }
        html.Append("\n<footer><p>Written by Blazar's offline writer from the brief: ").Append(E(spec.Title)).Append(".</p></footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static int DataSectionIndex(IReadOnlyList<string> sections)
    {
        for (var i = 0; i < sections.Count; i++)
            if (DataWords.Any(w => sections[i].Contains(w, StringComparison.OrdinalIgnoreCase)))
                return i;
        return Math.Min(1, sections.Count - 1);
    }

    private static void AppendPoints(StringBuilder html, IEnumerable<string> points)
    {
        html.Append("<ul class=\"points\">\n");
        foreach (var point in points)
            html.Append("<li>").Append(E(point)).Append("</li>\n");
        html.Append("</ul>\n");
    }

    private static void AppendData(StringBuilder html, CsvTable table)
    {
        var numeric = table.NumericColumns();
        foreach (var paragraph in OfflineProse.DataFacts(table, numeric))
            html.Append("<p>").Append(E(paragraph)).Append("</p>\n");
        html.Append("<figure class=\"table\">\n<table>\n<thead><tr>");
        for (var c = 0; c < table.Header.Count; c++)
            html.Append(numeric.Contains(c) ? "<th class=\"num\">" : "<th>").Append(E(table.Header[c])).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var c = 0; c < row.Count; c++)
                html.Append(numeric.Contains(c) ? "<td class=\"num\">" : "<td>").Append(E(row[c])).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n<figcaption>The data as provided (").Append(table.Rows.Count).Append(" rows).</figcaption>\n</figure>\n");
        foreach (var column in numeric.Take(3))
            html.Append(OfflineChart.Bars(table, column));
    }

    internal static string E(string text) => WebUtility.HtmlEncode(text);
}
