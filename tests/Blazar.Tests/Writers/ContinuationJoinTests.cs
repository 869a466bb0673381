using Blazar.Generation;
using Blazar.Writers;

namespace Blazar.Tests.Writers;

public sealed class ContinuationJoinTests
{
    private static string Join(ContinuationJoin join, params string[] deltas) =>
        string.Concat(deltas.Select(join.Push)) + join.Flush();

    [Fact]
    public void Prefill_is_sent_back_without_trailing_whitespace_and_the_whitespace_is_not_shown_twice()
    {
        var join = new ContinuationJoin("<p>The quarter was ", mayRepeat: false);

        Assert.Equal("<p>The quarter was", join.SentBack);
        Assert.Equal("good.</p>", Join(join, " ", "good.</p>"));
    }

    [Fact]
    public void Prefill_continuation_without_leading_whitespace_is_kept_whole()
    {
        var join = new ContinuationJoin("<li>One</li>\n", mayRepeat: false);

        Assert.Equal("<li>Two</li>", Join(join, "<li>Two</li>"));
    }

    [Fact]
    public void A_user_turn_continuation_that_breaks_while_held_back_keeps_its_new_text_without_the_repeat()
    {
        var join = new ContinuationJoin("<p>Churn rose in the north and", mayRepeat: true);

        Assert.Equal("", join.Push("in the north and the south.</p><p>Next"));
        Assert.Equal(" the south.</p><p>Next", join.FlushBroken());
    }

    [Fact]
    public void A_user_turn_continuation_cut_inside_its_repeat_adds_nothing()
    {
        var join = new ContinuationJoin("<p>Churn rose in the north and the south", mayRepeat: true);

        Assert.Equal("", join.Push("in the north"));
        Assert.Equal("", join.FlushBroken());
    }

    [Fact]
    public void User_turn_continuation_that_repeats_the_tail_loses_the_repeat()
    {
        var join = new ContinuationJoin("<p>Revenue grew by 12 percent in the", mayRepeat: true);

        Assert.Equal(" north.</p>", Join(join, "grew by 12 ", "percent in the", " north.</p>"));
    }

    [Fact]
    public void User_turn_continuation_that_repeats_nothing_is_kept_whole()
    {
        var join = new ContinuationJoin("<p>Revenue grew", mayRepeat: true);

        Assert.Equal(" by 12 percent.</p>", Join(join, " by 12 percent.</p>"));
    }

    [Fact]
    public void User_turn_continuation_in_a_code_fence_loses_the_fence_line()
    {
        var join = new ContinuationJoin("<p>Revenue grew by 12 percent in the", mayRepeat: true);

        Assert.Equal(" north.</p>", Join(join, "``", "`html\npercent in the", " north.</p>"));
    }

    [Fact]
    public void A_short_accidental_match_is_not_taken_for_a_repeat()
    {
        var join = new ContinuationJoin("<td>4</td>", mayRepeat: true);

        Assert.Equal("</tr>", Join(join, "</tr>"));
    }

    [Fact]
    public void A_long_continuation_is_released_once_the_window_is_full()
    {
        var join = new ContinuationJoin("<p>Start of the text", mayRepeat: true);
        var rest = new string('x', ContinuationJoin.Window);

        Assert.Equal(rest, join.Push(rest));
        Assert.Equal("more", join.Push("more"));
    }
}
