using Blazar.Generation;
using Blazar.Writers;

namespace Blazar.Tests.Writers;

public sealed class HtmlOutputFilterTests
{
    private const string Document = "<!doctype html>\n<html><body><p>Hi</p></body></html>";

    private static (string Shown, List<string> Steps) Run(HtmlOutputFilter filter, params string[] deltas)
    {
        var steps = deltas.Select(filter.Push).ToList();
        steps.Add(filter.Flush());
        return (string.Concat(steps), steps);
    }

    [Fact]
    public void Plain_document_passes_through_unchanged()
    {
        var (shown, _) = Run(new HtmlOutputFilter(), "<!doctype html>\n<html>", "<body><p>Hi</p></body>", "</html>\n");

        Assert.Equal(Document + "\n", shown);
    }

    [Fact]
    public void Fence_split_across_deltas_is_never_shown()
    {
        var (shown, steps) = Run(new HtmlOutputFilter(), "`", "``", "ht", "ml\n<!doc", "type html>\n<html><body><p>Hi</p></body></ht", "ml>\n`", "``");

        Assert.Equal(Document + "\n", shown);
        Assert.DoesNotContain(steps, s => s.Contains('`', StringComparison.Ordinal));
    }

    [Fact]
    public void Chatter_before_the_doctype_and_after_the_document_is_dropped()
    {
        var (shown, _) = Run(new HtmlOutputFilter(), "Sure! Here is your report:\n\n```html\n", Document, "\n```\n\nLet me know if you need changes.");

        Assert.Equal(Document + "\n", shown);
    }

    [Fact]
    public void Closing_fence_without_html_end_is_dropped_at_the_end()
    {
        var (shown, _) = Run(new HtmlOutputFilter(), "<!DOCTYPE html><p>Cut short", "\n``", "`\n");

        Assert.Equal("<!DOCTYPE html><p>Cut short\n", shown);
    }

    [Fact]
    public void Backticks_inside_the_document_followed_by_markup_are_kept()
    {
        var (shown, _) = Run(new HtmlOutputFilter(), "<!doctype html><pre>```js\nx()\n```</pre>", "<p>after</p></html>");

        Assert.Equal("<!doctype html><pre>```js\nx()\n```</pre><p>after</p></html>", shown);
    }

    [Fact]
    public void Text_is_released_as_it_streams_once_the_document_has_started()
    {
        var filter = new HtmlOutputFilter();

        Assert.Equal("", filter.Push("```html\n"));
        Assert.Equal("<!doctype html><p>Hel", filter.Push("<!doctype html><p>Hel"));
        Assert.Equal("lo", filter.Push("lo</"));
        Assert.Equal("</p>", filter.Push("p>"));
    }

    [Fact]
    public void A_continued_document_is_not_searched_for_a_doctype()
    {
        var (shown, _) = Run(new HtmlOutputFilter("<!doctype html><html><body><p>The "), "rest of a paragraph</p>", "</body></html>");

        Assert.Equal("rest of a paragraph</p></body></html>", shown);
    }

    [Fact]
    public void Output_without_any_document_start_is_kept_rather_than_lost()
    {
        var (shown, _) = Run(new HtmlOutputFilter(), "```html\n<section><h2>A</h2></section>");

        Assert.Equal("<section><h2>A</h2></section>", shown);
    }
}
