namespace Blazar.Exports;

/// <summary>
/// A report read as a document outline, the shape every text export writes out: headings, paragraphs, lists,
/// tables and code, each holding runs of plain text. Whatever a format cannot show (scripts, styles, drawings)
/// is already gone or turned into one of these.
/// </summary>
internal abstract record ReportBlock;

/// <summary>A heading of <see cref="Level"/> 1 to 6.</summary>
internal sealed record HeadingBlock(int Level, IReadOnlyList<TextRun> Runs) : ReportBlock;

/// <summary>A paragraph; <see cref="Quote"/> for one from a block quotation, <see cref="Caption"/> for a figure's caption.</summary>
internal sealed record ParagraphBlock(IReadOnlyList<TextRun> Runs, bool Quote = false, bool Caption = false) : ReportBlock;

/// <summary>A bullet (or, when <see cref="Ordered"/>, numbered) list.</summary>
internal sealed record ListBlock(bool Ordered, IReadOnlyList<ListItem> Items) : ReportBlock;

/// <summary>One list entry: its text and the lists nested in it.</summary>
internal sealed record ListItem(IReadOnlyList<TextRun> Runs, IReadOnlyList<ListBlock> Children);

/// <summary>A table: a header row (possibly empty) and body rows, each cell a list of runs.</summary>
internal sealed record TableBlock(IReadOnlyList<IReadOnlyList<TextRun>> Header, IReadOnlyList<IReadOnlyList<IReadOnlyList<TextRun>>> Rows) : ReportBlock
{
    public int Columns => Math.Max(Header.Count, Rows.Count == 0 ? 0 : Rows.Max(r => r.Count));
}

/// <summary>
/// An inline SVG chart, drawn as a picture where a format can hold one (Word, when Chromium is configured):
/// its markup, the shape of its drawing (<see cref="Width"/> by <see cref="Height"/>, in any unit) and what it
/// shows in words (<see cref="Description"/>, the picture's alternative text). The chart's data, when readable,
/// follows as a <see cref="TableBlock"/>; formats without pictures skip this block.
/// </summary>
internal sealed record ChartBlock(string Svg, double Width, double Height, string Description) : ReportBlock;

/// <summary>Preformatted text, kept line for line.</summary>
internal sealed record CodeBlock(string Text) : ReportBlock;

/// <summary>
/// A stretch of text with one look: bold, italic, code, and the link it belongs to (<see cref="Href"/>, an absolute
/// http, https or mailto address). <c>"\n"</c> on its own is a line break.
/// </summary>
internal sealed record TextRun(string Text, bool Bold = false, bool Italic = false, bool Code = false, string? Href = null)
{
    public bool IsBreak => Text == "\n";

    public static IReadOnlyList<TextRun> Plain(string text) => [new TextRun(text)];

    public static string Flatten(IEnumerable<TextRun> runs) => string.Concat(runs.Select(r => r.IsBreak ? " " : r.Text));
}
