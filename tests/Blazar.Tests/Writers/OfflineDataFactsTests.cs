using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Blazar.Reports;
using Blazar.Writers.Offline;

namespace Blazar.Tests.Writers;

public sealed class OfflineDataFactsTests
{
    private const string Revenue = """
        region,Revenue 2024,Revenue 2025,Growth
        North,"$1,200","$1,300",8.3%
        South,"$1,000",$923,-7.7%
        West,$500,$650,30.0%
        East,$800,,
        """;

    private static readonly Spec Review = new()
    {
        Title = "Regional revenue",
        Sections = ["Summary", "Data", "Drivers", "Recommendations"],
        Data = Revenue,
    };

    private static DataFacts Facts(string csv) => DataFacts.Read(CsvTable.TryParse(csv)!);

    [Theory]
    [InlineData("-$1,234.5", -1234.5, "$", "")]
    [InlineData("(200)", -200, "", "")]
    [InlineData("−7.7 %", -7.7, "", "%")]
    [InlineData("1.2M", 1.2, "", "M")]
    [InlineData("€3k", 3, "€", "k")]
    [InlineData("5 €", 5, "€", "")]
    public void A_cell_is_read_with_its_sign_and_unit(string cell, double value, string prefix, string suffix)
    {
        Assert.True(DataColumn.TryNumber(cell, out var read, out var unit));
        Assert.Equal(value, read, 6);
        Assert.Equal(prefix, unit.Prefix);
        Assert.Equal(suffix == "%", unit.Percent);
        if (suffix != "%")
            Assert.Equal(suffix, unit.Suffix);
    }

    [Fact]
    public void Units_come_from_the_header_too_and_are_kept_when_values_are_written()
    {
        var facts = Facts("region,Revenue ($M),Share (%)\nNorth,1.5,40\nSouth,-0.25,60\n");

        Assert.Equal("Revenue", facts.Measures[0].Name);
        Assert.Equal("−$0.25M", facts.Measures[0].Unit.Format(-0.25));
        Assert.Equal("$1.50M", facts.Measures[0].Unit.Format(1.5));
        Assert.Equal("40%", facts.Measures[1].Unit.Format(40));
    }

    [Fact]
    public void Each_numeric_column_has_its_range_with_the_rows_at_either_end()
    {
        var facts = Facts(Revenue);

        var range = facts.Ranges.Single(r => r.Column.Header == "Revenue 2025");
        Assert.Equal(("West", 650d), (range.Low.Label, range.Low.Value));
        Assert.Equal(("North", 1300d), (range.High.Label, range.High.Value));
        Assert.Equal(3, range.Count); // East's empty cell is left out, not read as zero
        Assert.Equal("Revenue 2025 ranges from $650 (West) to $1,300 (North).", DataProse.Range(range));
    }

    [Fact]
    public void Top_and_bottom_three_are_named_when_there_are_enough_rows()
    {
        var facts = Facts("city,visits\nA,10\nB,70\nC,30\nD,50\nE,20\nF,60\nG,40\n");

        var range = Assert.Single(facts.Ranges);
        Assert.Equal(["B", "F", "D"], range.Top.Select(v => v.Label));
        Assert.Equal(["A", "E", "C"], range.Bottom.Select(v => v.Label));
    }

    [Fact]
    public void Related_columns_are_compared_from_the_earlier_period_to_the_later()
    {
        var change = Assert.Single(Facts(Revenue).Changes);

        Assert.Equal("Revenue 2024", change.Earlier.Header);
        Assert.Equal("Revenue 2025", change.Later.Header);
        Assert.Equal(2700, change.TotalBefore); // the rows with both years: North, South, West
        Assert.Equal(2873, change.TotalAfter);
        Assert.Equal("West", change.Rise?.Label); // +30%, more than North's +8.3%
        Assert.Equal("South", change.Fall?.Label);
        Assert.Equal((2, 1, 3), (change.Rose, change.Fell, change.Compared));
        Assert.Contains("from $2,700 in 2024 to $2,873 in 2025 (+$173, +6.4%)", DataProse.Change(change), StringComparison.Ordinal);
    }

    [Fact]
    public void Percentages_are_never_summed_and_compare_in_points()
    {
        var facts = Facts("team,Churn 2024,Churn 2025\nA,4.0%,5.5%\nB,6.0%,5.0%\n");

        Assert.Empty(facts.Shares);
        var change = Assert.Single(facts.Changes);
        Assert.Null(change.TotalBefore);
        Assert.Contains("+1.5 percentage points", DataProse.Change(change), StringComparison.Ordinal);
        Assert.DoesNotContain("total", DataProse.Change(change), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Shares_are_of_a_total_that_makes_sense_and_a_total_row_is_the_total()
    {
        var facts = Facts("region,units,avg price\nNorth,30,4.5\nSouth,50,3.0\nWest,20,6.0\nTotal,100,4.2\n");

        var share = Assert.Single(facts.Shares); // units add up; an average price does not
        Assert.Equal("units", share.Column.Name);
        Assert.True(share.StatedTotal);
        Assert.Equal(("South", 0.5), (share.Leader.Label, share.LeaderShare));
        Assert.Equal(3, facts.Ranges[0].Count); // the total row is not ranked
        Assert.Equal("North", facts.Ranges[0].Low.Label == "West" ? "North" : facts.Ranges[0].Low.Label);
    }

    [Fact]
    public void Negative_values_are_named_and_drawn_left_of_the_zero_line_in_their_own_colour()
    {
        var document = Parse(OfflineReport.Render(Review, DateTimeOffset.UnixEpoch));

        var chart = document.QuerySelectorAll("svg").Single(s => s.QuerySelector("title")?.TextContent == "Growth");
        var zero = double.Parse(chart.QuerySelector("line.axis")!.GetAttribute("x1")!, System.Globalization.CultureInfo.InvariantCulture);
        var negative = Assert.Single(chart.QuerySelectorAll("rect.bar.negative"));
        Assert.True(Number(negative, "x") + Number(negative, "width") <= zero + 0.1, "a negative bar ends at the zero line");
        Assert.All(chart.QuerySelectorAll("rect.bar:not(.negative)"), bar => Assert.True(Number(bar, "x") >= zero - 0.1));
        Assert.Contains("−7.7%", chart.QuerySelectorAll("text.value.negative").Select(t => t.TextContent));
        Assert.Contains(document.QuerySelectorAll("p"), p => p.TextContent.Contains("South (−7.7%)", StringComparison.Ordinal));
    }

    [Fact]
    public void Chart_values_keep_their_units()
    {
        var document = Parse(OfflineReport.Render(Review, DateTimeOffset.UnixEpoch));

        var values = document.QuerySelectorAll("svg text.value").Select(t => t.TextContent).ToList();
        Assert.Contains("$1,300", values);
        Assert.Contains("30.0%", values);
        Assert.Contains("no value", values); // East's empty 2025 cell
        Assert.All(document.QuerySelectorAll("svg"), svg => Assert.Equal("0 0 360", string.Join(' ', svg.GetAttribute("viewBox")!.Split(' ')[..3])));
    }

    [Theory]
    [InlineData("Summary,Data,Drivers,Recommendations")]
    [InlineData("Executive summary,Findings,Outlook,Risks,Next steps")]
    [InlineData("Only one")]
    public void No_two_sections_share_a_paragraph_with_or_without_data(string sections)
    {
        foreach (var data in new[] { Revenue, null })
        {
            var spec = Review with { Sections = sections.Split(','), Data = data, Instructions = "Explain the drivers. Recommend next steps." };
            var document = Parse(OfflineReport.Render(spec, DateTimeOffset.UnixEpoch));

            var paragraphs = document.QuerySelectorAll("section p, section li").Select(p => p.TextContent).ToList();
            Assert.NotEmpty(paragraphs);
            Assert.Equal(paragraphs.Count, paragraphs.Distinct().Count());
            Assert.DoesNotContain(paragraphs, p => p.Contains("  ", StringComparison.Ordinal) || p.Contains(" .", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Growth_percentages_are_not_added_into_a_total()
    {
        var document = Parse(OfflineReport.Render(Review, DateTimeOffset.UnixEpoch));

        var text = document.QuerySelectorAll("section p, section li").Select(p => p.TextContent).ToList();
        Assert.DoesNotContain(text, p => p.Contains("Growth", StringComparison.Ordinal) && p.Contains("total", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(text, p => p.Contains("In total, revenue went from $2,700 in 2024 to $2,873 in 2025", StringComparison.Ordinal));
    }

    [Fact]
    public void A_long_table_shows_its_first_rows_and_says_how_many_more_there_are()
    {
        var csv = "item,count\n" + string.Concat(Enumerable.Range(1, 120).Select(i => $"i{i},{i}\n"));
        var document = Parse(OfflineReport.Render(Review with { Data = csv }, DateTimeOffset.UnixEpoch));

        Assert.Equal(OfflineReport.MaxTableRows, document.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("… and 70 more rows", document.QuerySelector("figure.table figcaption")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(OfflineChart.MaxBars, document.QuerySelectorAll("svg rect.bar").Length);
        Assert.Contains(document.QuerySelectorAll("p"), p => p.TextContent.Contains("ranges from 1 (i1) to 120 (i120)", StringComparison.Ordinal));
    }

    [Fact]
    public void Rendering_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => OfflineReport.Render(Review with { Data = OfflineRenderCostTests.Numbers(200, 500) }, DateTimeOffset.UnixEpoch, cancelled.Token));
    }

    [Fact]
    public void Data_beyond_the_limits_is_refused_with_the_limit_in_words()
    {
        var wide = "a" + string.Concat(Enumerable.Range(1, 200).Select(i => $",c{i}")) + "\n" + string.Join(',', Enumerable.Repeat("1", 201)) + "\n";
        var tall = "a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 50_001));

        Assert.Equal("The data may have at most 200 columns (it has 201).", Assert.Single(SpecValidator.Validate(Review with { Data = wide })["data"]));
        Assert.Equal("The data may have at most 100,000 cells, rows times columns (it has 100,002).", Assert.Single(SpecValidator.Validate(Review with { Data = tall })["data"]));
        Assert.Empty(SpecValidator.Validate(Review with { Data = OfflineRenderCostTests.Numbers(200, 500) }));
        Assert.Empty(SpecValidator.Validate(Review with { Data = string.Join(", ", Enumerable.Repeat("words", 400)) })); // a line of prose is not a table
    }

    private static double Number(IElement element, string attribute) =>
        double.Parse(element.GetAttribute(attribute)!, System.Globalization.CultureInfo.InvariantCulture);

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);
}
