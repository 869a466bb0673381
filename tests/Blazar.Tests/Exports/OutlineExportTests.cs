using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MarkdownExport = Blazar.Exports.MarkdownExport;
using ReportOutline = Blazar.Exports.ReportOutline;
using W = DocumentFormat.OpenXml.Wordprocessing;
using WordExport = Blazar.Exports.WordExport;

namespace Blazar.Tests.Exports;

/// <summary>What a model might write, beyond the offline writer's reports, read back from Markdown and Word.</summary>
public sealed class OutlineExportTests
{
    private const string Report = """
        <!doctype html><html><head><title>Ignored</title><style>h1 { color: red; }</style><script>alert("no")</script></head>
        <body><main>
        <h1>Pricing <em>risk</em> review</h1>
        <p>Margins held at <strong>31%</strong>; see <a href="https://example.com/q3?a=1&amp;b=(2)">the Q3 filing</a> and <a href="#notes">the notes</a>.</p>
        <p>Literal *stars*, [brackets] and a_b stay text.</p>
        <p>1. Not a list</p><p>- nor this</p><p># nor a heading</p>
        <ul><li>North<ul><li>Retail <code>x|y</code></li><li>Online</li></ul></li><li>South</li></ul>
        <ol><li>First step</li><li><p>Second step</p><p>in two paragraphs</p></li></ol>
        <figure><svg viewBox="0 0 10 10" aria-label="Revenue by month"><title>Revenue</title><rect width="5" height="5"/></svg>
        <figcaption>Revenue rose every month.</figcaption></figure>
        <table><tr><th>Plan</th><th>Price</th></tr><tr><td>Basic</td><td>$10</td></tr><tr><td colspan="2">Pro on request</td></tr></table>
        <blockquote><p>Keep it simple.</p></blockquote>
        <pre>line 1
        line 2</pre>
        <script>document.write("gone")</script><button>Click</button>
        Loose text at the end.
        </main></body></html>
        """;

    [Fact]
    public void Markdown_keeps_nested_lists_links_emphasis_and_tables_and_drops_scripts_and_styles()
    {
        var markdown = MarkdownExport.Write(ReportOutline.Read(Report));
        var document = MarkdownText.Parse(markdown);

        var title = document.Descendants<HeadingBlock>().Single();
        Assert.Equal(1, title.Level);
        Assert.Equal("Pricing risk review", MarkdownText.Text(title));
        Assert.Contains(title.Inline!.Descendants<EmphasisInline>(), e => e.DelimiterCount == 1);
        var link = document.Descendants<LinkInline>().Single(); // a link within the document is just its text
        Assert.Equal("https://example.com/q3?a=1&b=(2)", Uri.UnescapeDataString(link.Url!));
        Assert.Equal("the Q3 filing", MarkdownText.Text(link));
        Assert.Contains(document.Descendants<EmphasisInline>(), e => e.DelimiterCount == 2 && MarkdownText.Text(e) == "31%");
        Assert.Contains(document.Descendants<ParagraphBlock>(), p => MarkdownText.Text(p) == "Literal *stars*, [brackets] and a_b stay text.");
        foreach (var text in new[] { "1. Not a list", "- nor this", "# nor a heading" })
            Assert.Contains(document.Descendants<ParagraphBlock>(), p => MarkdownText.Text(p) == text);

        var lists = document.OfType<ListBlock>().ToList();
        Assert.Equal(2, lists.Count);
        Assert.False(lists[0].IsOrdered);
        var north = (ListItemBlock)lists[0][0];
        Assert.Equal("North", MarkdownText.Text(north[0]));
        var nested = Assert.IsType<ListBlock>(north[1]);
        Assert.Equal(2, nested.Count);
        Assert.Equal("Retail x|y", MarkdownText.Text(((ListItemBlock)nested[0])[0]));
        Assert.True(lists[1].IsOrdered);
        Assert.Equal("Second step in two paragraphs", MarkdownText.Text(((ListItemBlock)lists[1][1])[0]));

        var table = MarkdownText.Rows(document.Descendants<Table>().Single());
        Assert.Equal(["Plan", "Price"], table[0]);
        Assert.Equal(["Basic", "$10"], table[1]);
        Assert.Equal(["Pro on request", ""], table[2]);
        Assert.Contains(document.Descendants<ParagraphBlock>(), p => MarkdownText.Text(p) == "Revenue rose every month."); // a chart without readable data is its caption
        Assert.Equal("Keep it simple.", MarkdownText.Text(document.Descendants<QuoteBlock>().Single().Descendants<ParagraphBlock>().Single()));
        Assert.Contains("line 1\nline 2", document.Descendants<FencedCodeBlock>().Single().Lines.ToString(), StringComparison.Ordinal);
        Assert.Contains(document.Descendants<ParagraphBlock>(), p => MarkdownText.Text(p) == "Loose text at the end.");
        foreach (var gone in new[] { "alert", "color: red", "gone", "Click", "Ignored" })
            Assert.DoesNotContain(gone, markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Word_has_numbered_and_nested_bullet_lists_hyperlinks_and_a_header_row()
    {
        using var stream = new MemoryStream(WordExport.Write(ReportOutline.Read(Report), "Pricing risk review"));
        using var word = WordprocessingDocument.Open(stream, isEditable: false);
        var main = word.MainDocumentPart!;
        var body = main.Document!.Body!;

        Assert.Empty(new OpenXmlValidator().Validate(word).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var heading = body.Elements<W.Paragraph>().First();
        Assert.Equal("Heading1", heading.ParagraphProperties?.ParagraphStyleId?.Val?.Value);
        Assert.Equal("Pricing risk review", heading.InnerText);
        var hyperlink = body.Descendants<W.Hyperlink>().Single();
        Assert.Equal("the Q3 filing", hyperlink.InnerText);
        Assert.Equal("https://example.com/q3?a=1&b=(2)", main.HyperlinkRelationships.Single(r => r.Id == hyperlink.Id).Uri.ToString());
        var items = body.Elements<W.Paragraph>().Where(p => p.ParagraphProperties?.NumberingProperties is not null)
            .Select(p => (Text: p.InnerText, Level: p.ParagraphProperties!.NumberingProperties!.NumberingLevelReference!.Val!.Value, List: p.ParagraphProperties.NumberingProperties.NumberingId!.Val!.Value))
            .ToList();
        Assert.Equal(["North", "Retail x|y", "Online", "South", "First step", "Second step in two paragraphs"], items.Select(i => i.Text));
        Assert.Equal([0, 1, 1, 0, 0, 0], items.Select(i => i.Level));
        var numbering = main.NumberingDefinitionsPart!.Numbering!;
        var abstractOf = numbering.Elements<W.NumberingInstance>().ToDictionary(n => n.NumberID!.Value, n => n.AbstractNumId!.Val!.Value);
        var formatOf = numbering.Elements<W.AbstractNum>().ToDictionary(a => a.AbstractNumberId!.Value, a => a.Elements<W.Level>().First().NumberingFormat!.Val!.Value);
        Assert.Equal(W.NumberFormatValues.Bullet, formatOf[abstractOf[items[0].List]]);
        Assert.Equal(W.NumberFormatValues.Decimal, formatOf[abstractOf[items[4].List]]);
        var table = body.Elements<W.Table>().Single();
        var header = table.Elements<W.TableRow>().First();
        Assert.NotNull(header.TableRowProperties?.GetFirstChild<W.TableHeader>());
        Assert.Equal(["Plan", "Price"], header.Elements<W.TableCell>().Select(c => c.InnerText));
        Assert.DoesNotContain("alert", body.InnerText, StringComparison.Ordinal);
    }
}
