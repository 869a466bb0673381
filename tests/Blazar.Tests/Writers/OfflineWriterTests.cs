using System.Text.RegularExpressions;
using Blazar.Generation;
using Blazar.Reports;
using Blazar.Writers;
using Blazar.Writers.Offline;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Blazar.Tests.Writers;

public sealed partial class OfflineWriterTests
{
    private static readonly Spec Churn = new()
    {
        Title = "Q3 churn <review>",
        Summary = "Why churn rose",
        Audience = "leadership",
        Tone = "concise",
        Sections = ["Executive summary", "Drivers & data", "Recommendations"],
        Instructions = "Focus on regions.",
        Data = "region,churn,revenue\nNorth,4.2,\"1,200\"\nSouth,6.1,900\nWest,3.3,1500\n",
    };

    [Fact]
    public void The_report_is_a_standalone_document_with_every_section_as_a_section_and_h2()
    {
        var html = OfflineReport.Render(Churn, DateTimeOffset.UnixEpoch);

        Assert.StartsWith("<!doctype html>", html);
        Assert.EndsWith("</html>\n", html);
        Assert.Contains("<style>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        var headings = H2().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(Churn.Sections, headings);
        Assert.Equal(Churn.Sections.Count, Regex.Count(html, "<section>"));
        Assert.Equal(Regex.Count(html, "<section>"), Regex.Count(html, "</section>"));
    }

    [Fact]
    public void Spec_text_is_encoded_never_taken_as_markup()
    {
        var html = OfflineReport.Render(Churn with { Instructions = "<img src=x onerror=alert(1)>" }, DateTimeOffset.UnixEpoch);

        Assert.Contains("Q3 churn &lt;review&gt;", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<review>", html);
    }

    [Fact]
    public void Csv_data_becomes_a_table_and_a_bar_chart_of_each_numeric_column()
    {
        var html = OfflineReport.Render(Churn, DateTimeOffset.UnixEpoch);

        Assert.Contains("<th>region</th>", html);
        Assert.Contains("<td class=\"num\">1,200</td>", html);
        Assert.Equal(2, Regex.Count(html, "<svg "));
        Assert.Contains("<title>churn</title>", html);
        Assert.Equal(3 * 2, Regex.Count(html, "class=\"bar\""));
        Assert.Contains("ranges from 3.3 (West) to 6.1 (South)", html);
    }

    [Fact]
    public void Negative_values_are_drawn_as_bars_of_their_own_colour()
    {
        var html = OfflineReport.Render(Churn with { Data = "region,growth\nNorth,4.2\nSouth,-1.5\n" }, DateTimeOffset.UnixEpoch);

        Assert.Equal(1, Regex.Count(html, "class=\"bar negative\""));
        Assert.Equal(1, Regex.Count(html, "class=\"bar\""));
    }

    [Fact]
    public void Text_that_is_not_csv_adds_no_table()
    {
        var html = OfflineReport.Render(Churn with { Data = "Just some notes about churn." }, DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain("<table>", html);
        Assert.DoesNotContain("<svg", html);
    }

    [Fact]
    public async Task It_streams_token_sized_deltas_that_add_up_to_the_report_with_usage_at_the_end()
    {
        using var client = new OfflineChatClient(0, TimeProvider.System);
        var updates = await client.GetStreamingResponseAsync(ReportPrompt.For(Churn)).ToListAsync();
        var text = string.Concat(updates.Select(u => u.Text));

        Assert.Equal(OfflineReport.Render(Churn, DateTimeOffset.UtcNow), text);
        Assert.True(updates.Count(u => u.Text.Length > 0) > text.Length / 13, "deltas should be token-sized");
        Assert.All(updates.Where(u => u.Text.Length > 0), u => Assert.InRange(u.Text.Length, 1, 13));
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single();
        Assert.True(usage.Details.OutputTokenCount > 0);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task An_assistant_prefill_makes_it_write_only_what_follows()
    {
        var full = OfflineReport.Render(Churn, DateTimeOffset.UtcNow);
        using var client = new OfflineChatClient(0, TimeProvider.System);
        var conversation = ReportPrompt.For(Churn);
        conversation.Add(new ChatMessage(ChatRole.Assistant, full[..1000].TrimEnd()));

        var rest = string.Concat((await client.GetStreamingResponseAsync(conversation).ToListAsync()).Select(u => u.Text));

        Assert.Equal(full[full[..1000].TrimEnd().Length..], rest);
    }

    [Fact]
    public async Task It_keeps_to_its_pace()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = new OfflineChatClient(1000, time);
        var written = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(ReportPrompt.For(Churn)))
                Interlocked.Add(ref written, update.Text.Length);
        });

        // With the clock stopped it writes at most a pause's worth of characters (15 ms at 1000/s) and waits.
        Assert.InRange(await SettledAsync(() => Volatile.Read(ref written)), 1, 40);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.InRange(await SettledAsync(() => Volatile.Read(ref written)), 950, 1040);
        time.Advance(TimeSpan.FromHours(1));
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Tokens_never_split_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("ab😀", 40));
        var tokens = OfflineChatClient.Tokens(text, 0).ToList();
        Assert.Equal(text, string.Concat(tokens));
        Assert.DoesNotContain(tokens, t => char.IsHighSurrogate(t[^1]));
    }

    /// <summary>The value once it has stopped changing for a while (the writer is waiting on the clock).</summary>
    private static async Task<int> SettledAsync(Func<int> value)
    {
        var last = -1;
        for (var stable = 0; stable < 5; await Task.Delay(20))
        {
            var now = value();
            stable = now == last && now > 0 ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    [GeneratedRegex("<h2>(.*?)</h2>")]
    private static partial Regex H2();
}
