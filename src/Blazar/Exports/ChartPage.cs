using AngleSharp.Html.Parser;
using Blazar.Viewer;

namespace Blazar.Exports;

/// <summary>
/// A page that shows one chart and nothing else, filling the window, for Chromium to take a picture of: the
/// report's own stylesheets (so the chart keeps its colours) under the report policy, which lets no script run
/// and nothing reach the network, since the chart is the model's markup.
/// </summary>
internal static class ChartPage
{
    private const string Frame = """
        html, body { margin: 0 !important; padding: 0 !important; border: 0 !important; background: #fff !important; overflow: hidden !important; }
        body > svg { display: block !important; width: 100vw !important; height: 100vh !important; max-width: none !important; max-height: none !important; margin: 0 !important; }
        """;

    /// <summary>The text of every stylesheet in the report, in order.</summary>
    public static string Styles(string reportHtml) =>
        string.Join('\n', new HtmlParser().ParseDocument(reportHtml).QuerySelectorAll("style").Select(s => s.TextContent));

    public static string For(ChartBlock chart, string styles) => $"""
        <!doctype html>
        <html><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="{ReportPolicies.Document}">
        <meta name="color-scheme" content="light">
        <style>{Escape(styles)}</style>
        <style>{Frame}</style>
        </head><body>{chart.Svg}</body></html>
        """;

    /// <summary>"&lt;/" cannot end the style element early: in CSS, "&lt;\/" reads the same.</summary>
    private static string Escape(string css) => css.Replace("</", "<\\/", StringComparison.Ordinal);
}
