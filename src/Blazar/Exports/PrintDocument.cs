using System.Text.RegularExpressions;
using Blazar.Viewer;

namespace Blazar.Exports;

/// <summary>
/// A stored report made ready for a browser outside Blazar's pages: the report policy as a
/// <c>&lt;meta http-equiv&gt;</c> ahead of everything in it (the writer strips any the report had, so this is the
/// only one), so nothing in it runs or reaches the network wherever it is opened; for printing, a stylesheet
/// that sets page margins, numbers the pages and keeps tables and figures whole.
/// </summary>
internal static partial class PrintDocument
{
    private const string PolicyMeta = "<meta http-equiv=\"Content-Security-Policy\" content=\"" + ReportPolicies.Document + "\">\n";

    private const string PrintStyle = """
        <style>
        @page { size: A4; margin: 18mm 16mm 20mm 16mm;
          @bottom-center { content: counter(page) " / " counter(pages); font: 9pt system-ui, sans-serif; color: #666; } }
        @media print {
          html, body { background: #fff !important; }
          table, figure, svg, img, pre, blockquote, tr { break-inside: avoid; }
          thead { display: table-header-group; }
          h1, h2, h3, h4, h5, h6 { break-after: avoid; }
          p { orphans: 3; widows: 3; }
        }
        </style>

        """;

    /// <summary>The report with the policy inserted right after its doctype (before it, a document is in quirks mode).</summary>
    public static string Sealed(string html)
    {
        var doctype = Doctype().Match(html);
        return doctype.Success
            ? string.Concat(html.AsSpan(0, doctype.Length), "\n", PolicyMeta, html.AsSpan(doctype.Length))
            : PolicyMeta + html;
    }

    /// <summary>The sealed report with the print stylesheet last, so it wins over the report's own.</summary>
    public static string ForPrint(string html) => Sealed(html) + "\n" + PrintStyle;

    [GeneratedRegex(@"\A\s*<!doctype[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Doctype();
}
