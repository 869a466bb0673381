using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Blazar.Exports;

/// <summary>
/// Reads a stored report (HTML) into the outline the text exports write: headings, paragraphs, nested lists,
/// tables (a chart becomes its drawing, for the formats that hold one, and its data table), quotations and code.
/// Scripts, styles, form controls and embedded content are dropped; text outside any block becomes a paragraph
/// of its own.
/// </summary>
internal static class ReportOutline
{
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "HEAD", "TITLE", "META", "LINK", "BASE", "BUTTON", "INPUT",
        "SELECT", "TEXTAREA", "OPTION", "IFRAME", "FRAME", "OBJECT", "EMBED", "CANVAS", "VIDEO", "AUDIO", "MAP", "DIALOG",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "P", "H1", "H2", "H3", "H4", "H5", "H6", "UL", "OL", "MENU", "TABLE", "FIGURE", "FIGCAPTION", "BLOCKQUOTE", "PRE",
        "HR", "DIV", "SECTION", "MAIN", "HEADER", "FOOTER", "ARTICLE", "ASIDE", "NAV", "DETAILS", "SUMMARY", "DL", "DT",
        "DD", "ADDRESS", "LI", "FORM", "FIELDSET", "LEGEND", "CENTER", "HGROUP", "SEARCH", "BODY", "HTML",
    };

    public static IReadOnlyList<ReportBlock> Read(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var blocks = new List<ReportBlock>();
        if (document.Body is { } body)
            ReadChildren(body, blocks);
        return blocks;
    }

    private static bool IsBlock(INode node) => node is IElement element && (Blocks.Contains(element.TagName) || element.LocalName == "svg");

    private static void ReadChildren(INode parent, List<ReportBlock> blocks)
    {
        var pending = new List<TextRun>();
        foreach (var node in parent.ChildNodes)
        {
            if (!IsBlock(node))
            {
                InlineText.Read(node, pending);
                continue;
            }
            AddParagraph(blocks, pending);
            pending = [];
            ReadBlock((IElement)node, blocks);
        }
        AddParagraph(blocks, pending);
    }

    private static void ReadBlock(IElement element, List<ReportBlock> blocks)
    {
        switch (element.TagName)
        {
            case "H1" or "H2" or "H3" or "H4" or "H5" or "H6":
                var heading = InlineText.Of(element);
                if (heading.Count > 0)
                    blocks.Add(new HeadingBlock(element.TagName[1] - '0', heading));
                break;
            case "P":
                AddParagraph(blocks, InlineText.Of(element).ToList());
                break;
            case "FIGCAPTION":
                if (InlineText.Of(element) is { Count: > 0 } caption)
                    blocks.Add(new ParagraphBlock(caption, Caption: true));
                break;
            case "UL" or "OL" or "MENU":
                if (ReadList(element) is { Items.Count: > 0 } list)
                    blocks.Add(list);
                break;
            case "TABLE":
                ReadTable((IHtmlTableElement)element, blocks);
                break;
            case "BLOCKQUOTE":
                var quoted = new List<ReportBlock>();
                ReadChildren(element, quoted);
                blocks.AddRange(quoted.Select(b => b is ParagraphBlock p ? p with { Quote = true } : b));
                break;
            case "PRE":
                if (element.TextContent.TrimEnd('\n', '\r') is { Length: > 0 } code)
                    blocks.Add(new CodeBlock(code.Replace("\r\n", "\n", StringComparison.Ordinal)));
                break;
            case "HR":
                break;
            default:
                if (element.LocalName == "svg")
                    ReadChart(element, blocks);
                else if (!Dropped.Contains(element.TagName))
                    ReadChildren(element, blocks);
                break;
        }
    }

    private static ListBlock ReadList(IElement list)
    {
        var items = new List<ListItem>();
        foreach (var item in list.Children.Where(c => c.TagName == "LI"))
        {
            var runs = new List<TextRun>();
            var children = new List<ListBlock>();
            foreach (var node in item.ChildNodes)
            {
                if (node is IElement { TagName: "UL" or "OL" or "MENU" } nested)
                    children.Add(ReadList(nested));
                else
                    InlineText.Read(node, runs);
            }
            items.Add(new ListItem(InlineText.Tidy(runs), children));
        }
        return new ListBlock(list.TagName == "OL", items);
    }

    private static void ReadTable(IHtmlTableElement table, List<ReportBlock> blocks)
    {
        var rows = table.Rows.ToList();
        var headerRow = (table.Head is { Rows.Length: > 0 } head ? head.Rows[0] : null)
            ?? rows.FirstOrDefault(r => r.Cells.Length > 0 && r.Cells.All(c => c.TagName == "TH"));
        if (headerRow is not null && rows.IndexOf(headerRow) != 0)
            headerRow = null; // a header is the table's first row, or there is none
        var header = headerRow is null ? [] : Cells(headerRow);
        var body = rows.Where(r => r != headerRow).Select(Cells).Where(r => r.Count > 0).ToList();
        if (header.Count + body.Count > 0)
            blocks.Add(new TableBlock(header, body));
        if (table.Caption is { } caption && InlineText.Of(caption) is { Count: > 0 } text)
            blocks.Add(new ParagraphBlock(text, Caption: true));
    }

    private static List<IReadOnlyList<TextRun>> Cells(IHtmlTableRowElement row)
    {
        var cells = new List<IReadOnlyList<TextRun>>();
        foreach (var cell in row.Cells)
        {
            cells.Add(InlineText.Of(cell));
            for (var span = 1; span < Math.Min(cell.ColumnSpan, 50); span++)
                cells.Add([]); // keeps the columns that follow under their headers
        }
        return cells;
    }

    /// <summary>
    /// A chart is its drawing (when it has a shape) and its data when it marks it; otherwise its caption says what
    /// it showed.
    /// </summary>
    private static void ReadChart(IElement svg, List<ReportBlock> blocks)
    {
        if (ChartTable.Shape(svg) is { } shape)
            blocks.Add(new ChartBlock(svg.OuterHtml, shape.Width, shape.Height, ChartTable.Caption(svg) ?? ChartTable.Describe(svg) ?? "Chart"));
        if (ChartTable.Read(svg) is { } table)
            blocks.Add(table);
        else if (svg.ParentElement?.QuerySelector("figcaption") is null && ChartTable.Describe(svg) is { Length: > 0 } description)
            blocks.Add(new ParagraphBlock(TextRun.Plain(description), Caption: true));
    }

    private static void AddParagraph(List<ReportBlock> blocks, List<TextRun> runs)
    {
        var tidy = InlineText.Tidy(runs);
        if (tidy.Count > 0)
            blocks.Add(new ParagraphBlock(tidy));
    }
}
