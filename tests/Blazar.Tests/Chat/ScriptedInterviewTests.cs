using Blazar.Chat;

namespace Blazar.Tests.Chat;

/// <summary>The offline assistant reads what people type as they meant it: prose as prose, pasted tables as data.</summary>
public sealed class ScriptedInterviewTests
{
    private static (string Text, Blazar.Reports.Spec? Spec) After(params string[] userTurns) =>
        ScriptedInterview.Reply([.. userTurns.Select(t => new ChatTurn("user", t))]);

    [Fact]
    public void A_two_line_brief_with_commas_is_the_topic_not_data()
    {
        var (reply, _) = After("We need a report on churn, for execs, concise.\nFocus on Q3, please.");

        Assert.Null(PastedData.Split("We need a report on churn, for execs, concise.\nFocus on Q3, please.").Table);
        Assert.StartsWith("Who will read it?", reply, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_after_a_lead_in_in_one_message_becomes_the_data_and_is_not_asked_for_again()
    {
        var (reply, spec) = After("Churn in Q3", "leadership", "Summary, Drivers",
            "Here's our data:\nregion,churn\nNorth,4.2\nSouth,6.1", "concise");

        Assert.NotNull(spec);
        Assert.Equal("region,churn\nNorth,4.2\nSouth,6.1", spec.Data);
        Assert.DoesNotContain("Here's our data", spec.Instructions ?? "", StringComparison.Ordinal);
        Assert.Contains("Confirm", reply, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_inside_a_message_is_split_from_the_words_around_it()
    {
        var pasted = PastedData.Split("Revenue by month, as exported:\nmonth\trevenue\tcost\nJul\t120\t80\nAug\t135\t82\nThe August figure is provisional.");

        Assert.Equal("month\trevenue\tcost\nJul\t120\t80\nAug\t135\t82", pasted.Table);
        Assert.Equal("Revenue by month, as exported:\nThe August figure is provisional.", pasted.Prose);
    }

    [Fact]
    public void A_markdown_table_becomes_csv_data()
    {
        var pasted = PastedData.Split("| Region | Churn, % |\n|---|---:|\n| North | 4.2 |\n| South | 6.1 |");

        Assert.Equal("Region,\"Churn, %\"\nNorth,4.2\nSouth,6.1", pasted.Table);
        Assert.Equal("", pasted.Prose);
        Assert.Equal("2 rows × 2 columns: Region, Churn, %", PastedData.Describe(pasted.Table!));
    }

    [Fact]
    public void Data_pasted_with_the_topic_is_kept_and_the_words_answer_the_question()
    {
        var (reply, _) = After("A report on regional churn\nregion,churn\nNorth,4.2\nSouth,6.1");

        Assert.Contains("2 rows × 2 columns", reply, StringComparison.Ordinal);
        Assert.Contains("Who will read it?", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("add a section on pricing risks", "I added the section \"Pricing risks\".")]
    [InlineData("Call it Churn deep dive", "I renamed it \"Churn deep dive\".")]
    [InlineData("make it formal", "I set the tone to formal.")]
    [InlineData("remove the Drivers section", "I removed the section \"Drivers\".")]
    [InlineData("Mention the new pricing page.", "I added your note to the instructions.")]
    public void A_note_on_the_proposed_spec_changes_what_it_names_and_says_what_changed(string note, string said)
    {
        var (reply, spec) = After("Churn in Q3", "leadership", "Summary, Drivers", "no", "concise", note);

        Assert.StartsWith(said, reply, StringComparison.Ordinal);
        Assert.NotNull(spec);
        var before = After("Churn in Q3", "leadership", "Summary, Drivers", "no", "concise").Spec!;
        Assert.NotEqual(System.Text.Json.JsonSerializer.Serialize(before), System.Text.Json.JsonSerializer.Serialize(spec));
    }
}
