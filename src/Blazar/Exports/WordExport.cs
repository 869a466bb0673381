using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Blazar.Exports;

/// <summary>
/// Writes a report outline as a Word document (.docx): Word's heading styles (Heading1 to Heading3), paragraphs,
/// bullet and numbered lists that nest, tables with a repeating header row, links as hyperlinks, captions,
/// quotations and code, charts as pictures when they were drawn (each above its data table); the title in the
/// document's properties.
/// </summary>
internal sealed class WordExport
{
    private const int PageWidth = 11906, PageHeight = 16838, MarginX = 1304, MarginY = 1440; // A4, in twips
    private static readonly (int Width, int Height) TextArea = (PageWidth - 2 * MarginX, PageHeight - 2 * MarginY);

    private readonly MainDocumentPart _main;
    private readonly Numbering _numbering;
    private readonly IReadOnlyDictionary<ChartBlock, byte[]> _pictures;
    private int _nextList = 1;
    private uint _nextPicture = 1;

    private WordExport(MainDocumentPart main, Numbering numbering, IReadOnlyDictionary<ChartBlock, byte[]> pictures)
    {
        _main = main;
        _numbering = numbering;
        _pictures = pictures;
    }

    /// <summary>The document; <paramref name="pictures"/> holds the PNG drawn for a chart, if any (the others are their tables only).</summary>
    public static byte[] Write(IReadOnlyList<ReportBlock> blocks, string title, IReadOnlyDictionary<ChartBlock, byte[]>? pictures = null)
    {
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            package.PackageProperties.Title = title;
            package.PackageProperties.Creator = "Blazar";
            var main = package.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = WordStyles.Create();
            var numbering = WordStyles.CreateNumbering();
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = numbering;
            var body = new Body();
            new WordExport(main, numbering, pictures ?? new Dictionary<ChartBlock, byte[]>()).Append(body, blocks);
            body.Append(new SectionProperties(
                new PageSize { Width = PageWidth, Height = PageHeight },
                new PageMargin { Top = MarginY, Bottom = MarginY, Left = MarginX, Right = MarginX, Header = 708, Footer = 708, Gutter = 0 }));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    private void Append(Body body, IReadOnlyList<ReportBlock> blocks)
    {
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    body.Append(Paragraph(heading.Runs, WordStyles.Heading + Math.Clamp(heading.Level, 1, 3)));
                    break;
                case ParagraphBlock paragraph:
                    body.Append(Paragraph(paragraph.Runs, paragraph.Caption ? WordStyles.Caption : paragraph.Quote ? WordStyles.Quote : null));
                    break;
                case ListBlock list:
                    AppendList(body, list, 0);
                    break;
                case TableBlock table when table.Columns > 0:
                    body.Append(Table(table));
                    body.Append(new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "0" }))); // Word joins two tables that touch
                    break;
                case ChartBlock chart when _pictures.TryGetValue(chart, out var png) && PngImage.Size(png) is { } pixels:
                    body.Append(Picture(chart, png, pixels));
                    break;
                case CodeBlock code:
                    foreach (var line in code.Text.Split('\n'))
                        body.Append(Paragraph(TextRun.Plain(line), WordStyles.Code));
                    break;
            }
        }
    }

    private Paragraph Picture(ChartBlock chart, byte[] png, (int Width, int Height) pixels)
    {
        var part = _main.AddImagePart(ImagePartType.Png);
        using (var data = new MemoryStream(png, writable: false))
            part.FeedData(data);
        var drawing = WordPicture.Inline(_main.GetIdOfPart(part), _nextPicture++, XmlSafe(chart.Description), pixels, TextArea);
        return new Paragraph(new ParagraphProperties(new KeepNext()), new Run(drawing)); // kept on the page of its table
    }

    private void AppendList(Body body, ListBlock list, int level)
    {
        var id = _nextList++;
        _numbering.Append(WordStyles.Instance(id, list.Ordered ? WordStyles.NumberedList : WordStyles.BulletList));
        foreach (var item in list.Items)
        {
            var paragraph = Paragraph(item.Runs, WordStyles.ListParagraph);
            paragraph.ParagraphProperties!.Append(new NumberingProperties(
                new NumberingLevelReference { Val = Math.Min(level, WordStyles.MaxListLevel) }, new NumberingId { Val = id }));
            body.Append(paragraph);
            foreach (var child in item.Children)
                AppendList(body, child, level + 1);
        }
    }

    private Table Table(TableBlock block)
    {
        var columns = block.Columns;
        var table = new Table(
            new TableProperties(
                new TableStyle { Val = WordStyles.Table },
                new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }),
            new TableGrid(Enumerable.Range(0, columns).Select(_ => new GridColumn())));
        if (block.Header.Count > 0)
            table.Append(Row(block.Header, columns, header: true));
        foreach (var row in block.Rows)
            table.Append(Row(row, columns, header: false));
        return table;
    }

    private TableRow Row(IReadOnlyList<IReadOnlyList<TextRun>> cells, int columns, bool header)
    {
        var row = new TableRow();
        var properties = new TableRowProperties(new CantSplit());
        if (header)
            properties.Append(new TableHeader()); // repeats on every page the table spans
        row.Append(properties);
        for (var c = 0; c < columns; c++)
        {
            var runs = c < cells.Count ? cells[c] : [];
            if (header)
                runs = runs.Select(r => r with { Bold = true }).ToList();
            var paragraph = Paragraph(runs, null);
            paragraph.ParagraphProperties!.Append(new SpacingBetweenLines { After = "0" });
            row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Auto }), paragraph));
        }
        return row;
    }

    private Paragraph Paragraph(IReadOnlyList<TextRun> runs, string? style)
    {
        var properties = new ParagraphProperties();
        if (style is not null)
            properties.Append(new ParagraphStyleId { Val = style });
        var paragraph = new Paragraph(properties);
        for (var i = 0; i < runs.Count;)
        {
            var href = runs[i].Href;
            var end = i;
            while (end < runs.Count && runs[end].Href == href)
                end++;
            var content = runs.Skip(i).Take(end - i).Select(r => Run(r, link: href is not null));
            if (href is null)
                paragraph.Append(content);
            else
            {
                var relationship = _main.AddHyperlinkRelationship(new Uri(href, UriKind.Absolute), isExternal: true);
                paragraph.Append(new Hyperlink(content) { Id = relationship.Id, History = true });
            }
            i = end;
        }
        return paragraph;
    }

    private static Run Run(TextRun text, bool link)
    {
        if (text.IsBreak)
            return new Run(new Break());
        var properties = new RunProperties();
        if (link)
            properties.Append(new RunStyle { Val = WordStyles.Hyperlink });
        if (text.Code)
            properties.Append(new RunFonts { Ascii = "Consolas", HighAnsi = "Consolas" });
        if (text.Bold)
            properties.Append(new Bold());
        if (text.Italic)
            properties.Append(new Italic());
        return new Run(properties, new Text(XmlSafe(text.Text)) { Space = SpaceProcessingModeValues.Preserve });
    }

    /// <summary>XML 1.0 cannot hold most control characters nor a lone surrogate (a report may): they are left out.</summary>
    private static string XmlSafe(string text)
    {
        var safe = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                safe.Append(c).Append(text[++i]);
            else if (!char.IsSurrogate(c) && (c >= 0x20 || c is '\t' or '\n' or '\r') && c is not '\uFFFE' and not '\uFFFF')
                safe.Append(c);
        }
        return safe.ToString();
    }
}
