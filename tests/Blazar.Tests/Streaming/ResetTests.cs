using Blazar.Reports;
using Blazar.Storage;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Streaming;

/// <summary>
/// A viewer can hold text the server never saved (the instance writing it died): the server says so with
/// <c>reset</c>, and every viewer ends with exactly the stored text (design §2).
/// </summary>
public sealed class ResetTests
{
    [Fact]
    public async Task A_viewer_resuming_beyond_the_saved_text_after_a_crash_is_reset_and_ends_with_the_stored_report()
    {
        var database = Path.Combine(TempFolder.Create(), "blazar.db");
        string id, expected, held;
        await using (var setup = await BlazarServer.StartAsync(databasePath: database))
        {
            id = await Api.StartAsync(setup.Client);
            await Api.WaitForStatusAsync(setup.Client, id, "done");
            expected = await setup.Client.GetStringAsync($"/r/{id}/raw");
            // What kill -9 leaves: "generating" and the text of the last save; the viewer had seen more, and
            // what it saw after that save is not what the next writer will write.
            held = expected[..1234] + "<p>words the dead instance streamed but never saved</p>";
            var store = setup.Get<IReportStore>();
            var report = (await store.GetAsync(id, default))!;
            await store.UpdateAsync(report with { Status = ReportStatus.Generating, Progress = 40, Length = 1234, CompletedAt = null }, expected[..1234], default);
        }

        await using var restarted = await BlazarServer.StartAsync(databasePath: database);
        var events = await ReportStream.FollowAsync(restarted.Client, id, lastEventId: held.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var reset = events[0];
        Assert.Equal("reset", reset.Type); // before: chunks from 1234 merged under the viewer's void tail
        Assert.Equal(1234, reset.Length);
        Assert.Equal("1234", reset.Id);
        Assert.Equal(expected, Apply(held, events));
        Assert.Equal("done", events[^1].Type);
    }

    [Fact]
    public async Task A_viewer_beyond_a_finished_report_is_reset_to_its_length_before_done()
    {
        await using var server = await BlazarServer.StartAsync();
        var id = await Api.StartAsync(server.Client);
        await Api.WaitForStatusAsync(server.Client, id, "done");
        var stored = await server.Client.GetStringAsync($"/r/{id}/raw");

        var events = await ReportStream.FollowAsync(server.Client, id, lastEventId: (stored.Length + 50).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(["reset", "done"], events.Select(e => e.Type));
        Assert.Equal(stored.Length, events[0].Length);
        Assert.Equal(stored, Apply(stored + new string('x', 50), events));
    }

    [Fact]
    public async Task A_new_event_source_starts_after_what_the_page_holds()
    {
        await using var server = await BlazarServer.StartAsync();
        var id = await Api.StartAsync(server.Client);
        await Api.WaitForStatusAsync(server.Client, id, "done");
        var stored = await server.Client.GetStringAsync($"/r/{id}/raw");

        using var response = await ReportStream.OpenAsync(server.Client, $"/api/reports/{id}/events?after=1000");
        var events = new List<StreamEvent>();
        await foreach (var e in ReportStream.ReadAsync(response))
        {
            events.Add(e);
            if (e.Type == "done")
                break;
        }

        Assert.Equal(1000, events[0].Offset);
        Assert.Equal(stored[1000..], ReportStream.Text(events, start: 1000));
    }

    /// <summary>What a viewer holding <paramref name="held"/> ends with: reset truncates, chunks merge by offset.</summary>
    private static string Apply(string held, IEnumerable<StreamEvent> events)
    {
        var text = held;
        foreach (var e in events)
        {
            if (e.Type == "reset")
                text = text[..Math.Min(text.Length, e.Length)];
            else if (e.Type == "chunk")
            {
                Assert.True(e.Offset <= text.Length, $"a gap at {e.Offset}");
                text = text[..e.Offset] + e.Delta + (e.Offset + e.Delta.Length < text.Length ? text[(e.Offset + e.Delta.Length)..] : "");
            }
        }
        return text;
    }
}
