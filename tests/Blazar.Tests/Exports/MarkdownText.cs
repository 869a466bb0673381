using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Blazar.Tests.Exports;

/// <summary>Markdown read back with Markdig (pipe tables on), so tests check what a Markdown reader sees.</summary>
internal static class MarkdownText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static MarkdownDocument Parse(string markdown) => Markdown.Parse(markdown, Pipeline);

    /// <summary>The plain text of a block's inlines (literals, code, and the text of links and emphasis).</summary>
    public static string Text(Block? block) => block is LeafBlock { Inline: { } inline } ? Text(inline) : "";

    public static string Text(ContainerInline inline) => string.Concat(inline.Descendants<Inline>().Select(i => i switch
    {
        LiteralInline literal => literal.Content.ToString(),
        CodeInline code => code.Content,
        LineBreakInline => " ",
        _ => "",
    }));

    /// <summary>Each table as rows of cell texts, the header row first.</summary>
    public static List<List<string>> Rows(Table table) =>
        table.OfType<TableRow>().Select(r => r.OfType<TableCell>().Select(c => string.Join(" ", c.OfType<LeafBlock>().Select(Text))).ToList()).ToList();
}
