using System.Globalization;
using System.Net;
using System.Text;
using Blazar.Reports;

namespace Blazar.Writers.Offline;

/// <summary>
/// Renders a complete, standalone report from a spec without a model: a title block, each section with prose
/// drawn from the spec and from the facts in pasted CSV, the data as a table (its first rows) and SVG bar charts.
/// The work is linear in the data and bounded by <see cref="DataLimits"/>, and it stops when cancelled.
/// </summary>
internal static class OfflineReport
{
    public const int MaxTableRows = 50;
    public const int MaxCharts = 3;
    private static readonly string[] DefaultSections = ["Overview", "Key findings", "Recommendations"];
    private static readonly string[] DataWords = ["data", "figure", "number", "metric", "result", "finding", "analysis", "driver", "trend"];

    public static string Render(Spec spec, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var sections = spec.Sections.Count > 0 ? spec.Sections : DefaultSections;
        var table = CsvTable.TryParse(spec.Data, cancellationToken);
        var facts = table is null ? null : DataFacts.Read(table, cancellationToken);
        var dataSection = facts is null ? -1 : DataSectionIndex(sections);
        var plan = facts is null ? null : OfflineProse.FromData(facts, sections.Count, dataSection);
        var last = sections.Count - 1;

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
        html.Append(now.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append(" · ").Append(sections.Count).Append(sections.Count == 1 ? " section" : " sections").Append("</p>\n</header>\n");

        var written = new HashSet<string>(StringComparer.Ordinal); // a guard: no paragraph twice, whatever the spec
        for (var i = 0; i < sections.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var closing = facts is not null && i == last && i != 0;
            html.Append("\n<section>\n<h2>").Append(E(sections[i])).Append("</h2>\n");
            var paragraphs = OfflineProse.Section(spec, sections, i, hasFacts: plan is not null && (plan[i].Count > 0 || closing));
            if (closing && i != dataSection)
                paragraphs = paragraphs.Append($"“{sections[i]}” closes the report with where the figures point.");
            foreach (var paragraph in paragraphs.Concat(plan?[i] ?? []))
                if (written.Add(paragraph))
                    html.Append("<p>").Append(E(paragraph)).Append("</p>\n");
            if (i == dataSection && facts is not null)
                AppendData(html, facts, cancellationToken);
            if (facts is not null && i == last)
                AppendSteps(html, DataProse.NextSteps(facts).Where(written.Add));
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

    private static void AppendSteps(StringBuilder html, IEnumerable<string> steps)
    {
        var start = html.Length;
        html.Append("<ul class=\"points\">\n");
        var any = false;
        foreach (var step in steps)
        {
            html.Append("<li>").Append(E(step)).Append("</li>\n");
            any = true;
        }
        if (any)
            html.Append("</ul>\n");
        else
            html.Length = start;
    }

    private static void AppendData(StringBuilder html, DataFacts facts, CancellationToken cancellationToken)
    {
        var table = facts.Table;
        var numeric = new bool[table.Header.Count];
        foreach (var column in facts.Measures)
            numeric[column.Index] = true;
        html.Append("<figure class=\"table\">\n<table>\n<thead><tr>");
        for (var c = 0; c < table.Header.Count; c++)
            html.Append(numeric[c] ? "<th class=\"num\">" : "<th>").Append(E(table.Header[c])).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        var shown = Math.Min(MaxTableRows, table.Rows.Count);
        for (var r = 0; r < shown; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            html.Append(r == facts.TotalRow ? "<tr class=\"total\">" : "<tr>");
            var row = table.Rows[r];
            for (var c = 0; c < row.Count; c++)
                html.Append(numeric[c] ? "<td class=\"num\">" : "<td>").Append(E(row[c])).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n<figcaption>");
        html.Append(shown < table.Rows.Count
            ? $"The first {shown} rows of the data; … and {table.Rows.Count - shown:N0} more rows, which every figure above and below includes."
            : $"The data as provided ({table.Rows.Count} {(table.Rows.Count == 1 ? "row" : "rows")}).");
        html.Append("</figcaption>\n</figure>\n");
        foreach (var column in ChartColumns(facts))
        {
            cancellationToken.ThrowIfCancellationRequested();
            html.Append(OfflineChart.Bars(facts, column));
        }
    }

    /// <summary>The columns worth a chart: the latest of each compared pair first, then the rest in table order.</summary>
    private static IEnumerable<DataColumn> ChartColumns(DataFacts facts) =>
        facts.Changes.Select(c => c.Later).Concat(facts.Measures).Distinct().Where(c => c.Values!.Any(v => v is not null)).Take(MaxCharts);

    internal static string E(string text) => WebUtility.HtmlEncode(text);
}
