using Blazar.Reports;
using Blazar.Reports.Api;

namespace Blazar.Tests.Reports;

/// <summary>Where a report's sections lie (what a section revision keeps around one), and how two versions compare.</summary>
public sealed class ReportSectionsTests
{
    [Fact]
    public void A_heading_that_opens_a_section_element_makes_the_whole_element_the_section_nested_ones_included()
    {
        const string html = "<main><section class=\"a\">\n  <h2>One</h2><p>1</p><section><h3>Inner</h3></section><p>1b</p></section>\n<section><h2>Two &amp; <em>more</em></h2><p>2</p></section></main>";

        var sections = ReportSections.Find(html);

        Assert.Equal(["One", "Two & more"], sections.Select(s => s.Heading));
        Assert.Equal("<section class=\"a\">\n  <h2>One</h2><p>1</p><section><h3>Inner</h3></section><p>1b</p></section>", html[sections[0].Start..sections[0].End]);
        Assert.Equal("<section><h2>Two &amp; <em>more</em></h2><p>2</p></section>", html[sections[1].Start..sections[1].End]);
        Assert.Null(ReportSections.Find(html, "Three"));
        Assert.Equal(sections[1], ReportSections.Find(html, "  Two   & more "));
    }

    [Fact]
    public void Without_section_elements_a_section_runs_to_the_next_heading_or_the_end_of_the_content()
    {
        const string html = "<body><h1>T</h1><h2>One</h2><p>1</p>\n<h2 id=\"x\">Two</h2><p>2</p></body></html>";

        var sections = ReportSections.Find(html);

        Assert.Equal("<h2>One</h2><p>1</p>\n", html[sections[0].Start..sections[0].End]);
        Assert.Equal("<h2 id=\"x\">Two</h2><p>2</p>", html[sections[1].Start..sections[1].End]);
    }

    [Fact]
    public void A_diff_marks_sections_and_words_added_removed_and_kept_in_the_newer_order()
    {
        const string before = "<h1>Title</h1><section><h2>Keep</h2><p>same words</p></section><section><h2>Gone</h2><p>old</p></section><section><h2>Edit</h2><p>the quick brown fox</p></section>";
        const string after = "<h1>Title</h1><section><h2>Keep</h2><p>same words</p></section><section><h2>Edit</h2><p>the slow brown fox jumps</p></section><section><h2>New</h2><p>fresh</p></section>";

        var diff = VersionDiff.Compare(1, before, 2, after);

        Assert.Equal([("", "same"), ("Keep", "same"), ("Gone", "removed"), ("Edit", "changed"), ("New", "added")], diff.Sections.Select(s => (s.Heading, s.Change)));
        var edit = diff.Sections[3].Words;
        Assert.Equal("the quick brown fox", string.Concat(edit.Where(w => w.Op != "added").Select(w => w.Text)));
        Assert.Equal("the slow brown fox jumps", string.Concat(edit.Where(w => w.Op != "removed").Select(w => w.Text)));
        Assert.Contains(new VersionDiff.Words("removed", "quick"), edit);
        Assert.Contains(new VersionDiff.Words("added", "slow"), edit);
        Assert.Equal([new VersionDiff.Words("removed", "old")], diff.Sections[2].Words);
        Assert.Equal([new VersionDiff.Words("added", "fresh")], diff.Sections[4].Words);
    }

    [Fact]
    public void A_section_too_large_to_diff_word_by_word_is_one_removed_and_one_added_run()
    {
        var big = string.Join(' ', Enumerable.Repeat("word", VersionDiff.MaxDiffChars / 4));
        var diff = VersionDiff.Compare(1, $"<h2>A</h2><p>{big}</p>", 2, $"<h2>A</h2><p>{big} more</p>");

        Assert.Equal(["removed", "added"], Assert.Single(diff.Sections).Words.Select(w => w.Op));
    }
}
