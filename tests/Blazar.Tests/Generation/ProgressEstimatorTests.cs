using Blazar.Generation;
using Blazar.Reports;
using Blazar.Writers;
using Blazar.Writers.Offline;

namespace Blazar.Tests.Generation;

public sealed class ProgressEstimatorTests
{
    private static readonly Spec Spec = new() { Title = "T", Sections = ["One", "Two", "Three", "Four"] };

    [Fact]
    public void Progress_rises_monotonically_stays_below_100_and_follows_the_sections_written()
    {
        var html = OfflineReport.Render(Spec, DateTimeOffset.UnixEpoch);
        var estimator = new ProgressEstimator(Spec);
        var seen = new List<int>();
        foreach (var token in Blazar.Writers.Offline.OfflineChatClient.Tokens(html, 0))
            seen.Add(estimator.Update(token));

        Assert.Equal(seen.Order(), seen);
        Assert.All(seen, p => Assert.InRange(p, 0, 99));
        Assert.Equal(99, seen[^1]);
        // Halfway through the sections, progress is roughly halfway, not stuck at a length guess.
        var third = html.IndexOf("<h2>Three", StringComparison.Ordinal);
        var atThird = new ProgressEstimator(Spec);
        atThird.Update(html[..(third + 4)]);
        Assert.InRange(atThird.Progress, 35, 75);
    }

    [Fact]
    public void A_heading_split_across_deltas_is_counted_once()
    {
        var split = new ProgressEstimator(Spec);
        split.Update("<section><h");
        split.Update("2>One</h2>");
        var whole = new ProgressEstimator(Spec);
        whole.Update("<section><h2>One</h2>");

        Assert.Equal(whole.Progress, split.Progress);
        Assert.True(whole.Progress > new ProgressEstimator(Spec).Update("<section><p>One</p>"));
    }

    [Fact]
    public void A_continued_report_never_goes_backwards()
    {
        var estimator = new ProgressEstimator(Spec, start: 60);
        Assert.True(estimator.Update("<p>a</p>") >= 60);
    }
}
