using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Blazar.Exports;

/// <summary>
/// The styles and list numbering a Word export uses, under Word's own names, so headings land in the navigation
/// pane and the table of contents, lists renumber and indent, and the reader can restyle the document at once.
/// </summary>
internal static class WordStyles
{
    public const string Heading = "Heading";
    public const string Caption = "Caption";
    public const string Quote = "Quote";
    public const string Code = "HTMLPreformatted";
    public const string ListParagraph = "ListParagraph";
    public const string Hyperlink = "Hyperlink";
    public const string Table = "TableGrid";
    public const int BulletList = 1;
    public const int NumberedList = 2;
    public const int MaxListLevel = 8;

    public static Styles Create()
    {
        var styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", EastAsia = "Calibri", ComplexScript = "Calibri" },
                    new FontSize { Val = "22" }, new FontSizeComplexScript { Val = "22" }, new Languages { Val = "en-GB" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "160", Line = "264", LineRule = LineSpacingRuleValues.Auto }))),
            Paragraph("Normal", "Normal", isDefault: true),
            HeadingStyle(1, "32", "1F3864"), HeadingStyle(2, "28", "2F5496"), HeadingStyle(3, "24", "2F5496"),
            Paragraph(Caption, "caption", rPr: new StyleRunProperties(new Italic(), new Color { Val = "595959" }, new FontSize { Val = "18" })),
            Paragraph(Quote, "Quote", pPr: new StyleParagraphProperties(new Indentation { Left = "720", Right = "720" }), rPr: new StyleRunProperties(new Italic(), new Color { Val = "404040" })),
            Paragraph(Code, "HTML Preformatted", pPr: new StyleParagraphProperties(new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto }),
                rPr: new StyleRunProperties(new RunFonts { Ascii = "Consolas", HighAnsi = "Consolas" }, new FontSize { Val = "20" })),
            Paragraph(ListParagraph, "List Paragraph", pPr: new StyleParagraphProperties(new SpacingBetweenLines { After = "60" }, new Indentation { Left = "720" })),
            new Style(new StyleName { Val = Hyperlink }, new UIPriority { Val = 99 }, new StyleRunProperties(new Color { Val = "0563C1" }, new Underline { Val = UnderlineValues.Single }))
            { Type = StyleValues.Character, StyleId = Hyperlink },
            new Style(new StyleName { Val = "Table Grid" }, new UIPriority { Val = 39 },
                new StyleTableProperties(new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4, Color = "BFBFBF" }, new LeftBorder { Val = BorderValues.Single, Size = 4, Color = "BFBFBF" },
                    new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "BFBFBF" }, new RightBorder { Val = BorderValues.Single, Size = 4, Color = "BFBFBF" },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "BFBFBF" }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = "BFBFBF" }),
                    new TableCellMarginDefault(new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa }, new TableCellLeftMargin { Width = 100, Type = TableWidthValues.Dxa },
                        new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa }, new TableCellRightMargin { Width = 100, Type = TableWidthValues.Dxa })))
            { Type = StyleValues.Table, StyleId = Table });
        return styles;
    }

    /// <summary>Bullets (•, ◦, ▪ by level) and numbers (1., a., i. by level), each level indented a step further.</summary>
    public static Numbering CreateNumbering() => new(List(BulletList, bullets: true), List(NumberedList, bullets: false));

    /// <summary>A list of its own (numbering restarts at 1) on one of the two list kinds.</summary>
    public static NumberingInstance Instance(int id, int abstractId) =>
        new(new AbstractNumId { Val = abstractId },
            new LevelOverride(new StartOverrideNumberingValue { Val = 1 }) { LevelIndex = 0 })
        { NumberID = id };

    private static AbstractNum List(int id, bool bullets)
    {
        var list = new AbstractNum(new MultiLevelType { Val = MultiLevelValues.HybridMultilevel }) { AbstractNumberId = id };
        for (var level = 0; level <= MaxListLevel; level++)
        {
            var (format, text) = bullets
                ? (NumberFormatValues.Bullet, (level % 3) switch { 0 => "•", 1 => "◦", _ => "▪" })
                : ((level % 3) switch { 0 => NumberFormatValues.Decimal, 1 => NumberFormatValues.LowerLetter, _ => NumberFormatValues.LowerRoman }, $"%{level + 1}.");
            list.Append(new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = format },
                new LevelText { Val = text },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = (720 * (level + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture), Hanging = "360" }))
            { LevelIndex = level });
        }
        return list;
    }

    private static Style HeadingStyle(int level, string size, string color) =>
        Paragraph(Heading + level, "heading " + level,
            pPr: new StyleParagraphProperties(new KeepNext(), new KeepLines(), new SpacingBetweenLines { Before = level == 1 ? "360" : "240", After = "120" }, new OutlineLevel { Val = level - 1 }),
            rPr: new StyleRunProperties(new Bold(), new Color { Val = color }, new FontSize { Val = size }),
            priority: 9);

    private static Style Paragraph(string id, string name, bool isDefault = false, StyleParagraphProperties? pPr = null, StyleRunProperties? rPr = null, int? priority = null)
    {
        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
        if (isDefault)
            style.Default = OnOffValue.FromBoolean(true);
        else
        {
            style.Append(new BasedOn { Val = "Normal" });
            style.Append(new NextParagraphStyle { Val = "Normal" });
        }
        if (priority is { } p)
        {
            style.Append(new UIPriority { Val = p });
            style.Append(new PrimaryStyle());
        }
        if (pPr is not null)
            style.Append(pPr);
        if (rPr is not null)
            style.Append(rPr);
        return style;
    }
}
