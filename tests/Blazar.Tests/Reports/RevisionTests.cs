using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Reports;

/// <summary>
/// Revisions over HTTP with the offline writer: a new version written live at the same URL (the whole document, or one
/// section between the kept text), every version readable with <c>?v=N</c>, compared, restored, stopped and continued.
/// </summary>
public sealed class RevisionTests : GatedServerTest
{
    private HttpClient Client => Server.Client;

    [Fact]
    public async Task A_whole_revision_is_a_new_version_and_every_version_stays_readable()
    {
        var (id, first) = await FinishedReportAsync();

        using var revised = await ReviseAsync(id, new { instruction = "Shorten the summary; add a note on pricing risks" });

        Assert.Equal(HttpStatusCode.Accepted, revised.StatusCode);
        Assert.Equal(2, (await revised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        var entry = await Api.WaitForStatusAsync(Client, id, "done");
        Assert.Equal((2, 2), (entry.GetProperty("version").GetInt32(), entry.GetProperty("versions").GetInt32()));
        var second = await Client.GetStringAsync($"/r/{id}/raw");
        Assert.Contains("Revised as asked: “Shorten the summary; add a note on pricing risks”", second, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", second, StringComparison.Ordinal);
        Assert.Equal(first, await Client.GetStringAsync($"/r/{id}/raw?v=1"));
        Assert.Equal(second, await Client.GetStringAsync($"/r/{id}/raw?v=2"));
        var old = await Client.GetFromJsonAsync<JsonElement>($"/api/reports/{id}?v=1");
        Assert.Equal((1, 2, first.Length), (old.GetProperty("version").GetInt32(), old.GetProperty("versions").GetInt32(), old.GetProperty("length").GetInt32()));
        Assert.DoesNotContain("Revised as asked", await Client.GetStringAsync($"/r/{id}/export/md?v=1"), StringComparison.Ordinal);
        Assert.Contains("Revised as asked", await Client.GetStringAsync($"/r/{id}/export/md?v=2"), StringComparison.Ordinal);
        Assert.Contains("Revised as asked", await Client.GetStringAsync($"/r/{id}/export/html"), StringComparison.Ordinal);
        foreach (var path in new[] { $"/r/{id}/raw?v=3", $"/api/reports/{id}?v=3", $"/r/{id}/export/md?v=3", $"/r/{id}?v=3" })
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/r/{id}?v=1")).StatusCode);

        var versions = await Client.GetFromJsonAsync<JsonElement[]>($"/api/reports/{id}/versions");
        Assert.NotNull(versions);
        Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.False(versions[0].TryGetProperty("instruction", out _));
        Assert.Equal("Shorten the summary; add a note on pricing risks", versions[1].GetProperty("instruction").GetString());
        Assert.Equal([first.Length, second.Length], versions.Select(v => v.GetProperty("length").GetInt32()));
        Assert.All(versions, v => Assert.Equal("done", v.GetProperty("status").GetString()));
        Assert.True(versions[1].GetProperty("usage").GetProperty("outputTokens").GetInt64() > 0);
        Assert.True(versions[1].TryGetProperty("createdAt", out _));

        var diff = await Client.GetFromJsonAsync<JsonElement>($"/api/reports/{id}/versions/diff?from=1&to=2");
        Assert.Equal((1, 2), (diff.GetProperty("from").GetInt32(), diff.GetProperty("to").GetInt32()));
        var sections = diff.GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal(["", "Executive summary", "Drivers", "Recommendations"], sections.Select(s => s.GetProperty("heading").GetString()));
        Assert.Equal(["changed", "same", "same", "same"], sections.Select(s => s.GetProperty("change").GetString()));
        var words = sections[0].GetProperty("words").EnumerateArray().ToList();
        var added = string.Concat(words.Where(w => w.GetProperty("op").GetString() == "added").Select(w => w.GetProperty("text").GetString()));
        Assert.Contains("Revised as asked", added, StringComparison.Ordinal);
        Assert.DoesNotContain(words, w => w.GetProperty("op").GetString() == "removed");
        Assert.Contains(words, w => w.GetProperty("op").GetString() == "same" && w.GetProperty("text").GetString()!.Contains("Q3 churn review", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_section_revision_streams_the_text_before_it_first_and_keeps_everything_outside_it()
    {
        var (id, first) = await FinishedReportAsync();
        var start = first.IndexOf("<section>\n<h2>Drivers</h2>", StringComparison.Ordinal);
        var end = first.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length;
        await RenameAsync(id, "Q3 churn review, held");
        var held = Gate.Hold("held");

        using var revised = await ReviseAsync(id, new { instruction = "Name the two largest drivers first", section = "Drivers" });
        Assert.Equal(HttpStatusCode.Accepted, revised.StatusCode);

        // A viewer that read version 1 to its end comes back: it is told to drop it, and gets version 2 from its start.
        using var response = await ReportStream.OpenAsync(Server.NewClient(), $"/api/reports/{id}/events", first.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var events = ReportStream.ReadAsync(response).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(("reset", 0, 2), (events.Current.Type, events.Current.Data.GetProperty("length").GetInt32(), events.Current.Version));
        // While the model's section is held, the log holds exactly the text before the section.
        var rest = new List<StreamEvent>();
        while ((rest.Count == 0 || rest[^1].Length < start) && await events.MoveNextAsync())
            rest.Add(events.Current);
        Assert.Equal(first[..start], ReportStream.Text(rest));
        Assert.Equal($"2:{start}", rest[^1].Id);
        held.ReleaseAll();
        while (await events.MoveNextAsync() && events.Current.Type != "done")
            rest.Add(events.Current);
        Assert.Equal("done", events.Current.Type);
        Assert.Equal(2, events.Current.Version);

        var second = await Client.GetStringAsync($"/r/{id}/raw");
        Assert.Equal(second, ReportStream.Text(rest));
        Assert.Equal(first[..start], second[..start]);
        Assert.EndsWith(first[end..], second, StringComparison.Ordinal);
        var section = second[start..^(first.Length - end)];
        Assert.StartsWith("<section>\n<h2>Drivers</h2>\n<p class=\"revision-note\">", section, StringComparison.Ordinal);
        Assert.EndsWith("</section>", section, StringComparison.Ordinal);
        var listed = (await Client.GetFromJsonAsync<JsonElement[]>($"/api/reports/{id}/versions"))![1];
        Assert.Equal("Drivers", listed.GetProperty("section").GetString());
        // The tokens of one section: the offline writer counts four characters to a token of what it wrote.
        Assert.Equal(section.Length / 4, listed.GetProperty("usage").GetProperty("outputTokens").GetInt64());

        var diff = await Client.GetFromJsonAsync<JsonElement>($"/api/reports/{id}/versions/diff?from=1&to=2");
        var changes = diff.GetProperty("sections").EnumerateArray().ToDictionary(s => s.GetProperty("heading").GetString()!, s => s);
        Assert.Equal("changed", changes["Drivers"].GetProperty("change").GetString());
        Assert.Equal(["same", "same", "same"], new[] { "", "Executive summary", "Recommendations" }.Select(h => changes[h].GetProperty("change").GetString()));
        var ops = changes["Drivers"].GetProperty("words").EnumerateArray().Select(w => w.GetProperty("op").GetString()).ToHashSet();
        Assert.Contains("added", ops);
        Assert.Contains("removed", ops);
    }

    [Fact]
    public async Task The_hub_shows_a_revised_report_generating_again_with_its_new_version()
    {
        var (id, _) = await FinishedReportAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var hub = await ReportStream.OpenAsync(Server.NewClient(), "/api/hub/events", cancellationToken: cancel.Token);
        await using var events = ReportStream.ReadAsync(hub, cancel.Token).GetAsyncEnumerator(cancel.Token);

        using (var revised = await ReviseAsync(id, new { instruction = "Shorter" }))
            Assert.Equal(HttpStatusCode.Accepted, revised.StatusCode);

        var seen = new List<(string? Status, int Version)>();
        while (!seen.Contains(("done", 2)) && await events.MoveNextAsync())
            if (events.Current.Type == "report" && events.Current.Data.GetProperty("id").GetString() == id && events.Current.Version == 2) // version 1's "done" may still be on its way
                seen.Add((events.Current.Data.GetProperty("status").GetString(), events.Current.Data.GetProperty("version").GetInt32()));
        Assert.Equal(("queued", 2), seen[0]);
        Assert.Contains(("generating", 2), seen);
        Assert.Equal(("done", 2), seen[^1]);
    }

    [Fact]
    public async Task A_revision_stopped_half_way_continues_in_the_same_version()
    {
        var (id, first) = await FinishedReportAsync();
        await RenameAsync(id, "Q3 churn review, stopped");
        var held = Gate.Hold("stopped");
        using (var revised = await ReviseAsync(id, new { instruction = "Make it shorter" }))
            Assert.Equal(HttpStatusCode.Accepted, revised.StatusCode);
        held.Release(400);
        await FirstChunkAsync(id);

        using (var cancel = await Api.PostAsync(Client, $"/api/reports/{id}/cancel"))
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var stopped = await Api.GetAsync(Client, id);
        Assert.Equal(("cancelled", 2), (stopped.GetProperty("status").GetString(), stopped.GetProperty("version").GetInt32()));
        var stoppedAt = stopped.GetProperty("length").GetInt32();
        Assert.InRange(stoppedAt, 1, first.Length - 1);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/r/{id}/raw")).StatusCode); // the current version is not finished
        Assert.Equal(first, await Client.GetStringAsync($"/r/{id}/raw?v=1"));
        held.ReleaseAll();

        using (var resumed = await Api.PostAsync(Client, $"/api/reports/{id}/continue"))
            Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);

        var rest = await ReportStream.FollowAsync(Client, id, lastEventId: $"2:{stoppedAt}");
        Assert.Equal("done", rest[^1].Type);
        var whole = await Client.GetStringAsync($"/r/{id}/raw");
        Assert.Equal(whole[stoppedAt..], ReportStream.Text(rest, stoppedAt));
        Assert.Contains("Revised as asked: “Make it shorter”", whole, StringComparison.Ordinal);
        var versions = await Client.GetFromJsonAsync<JsonElement[]>($"/api/reports/{id}/versions");
        Assert.Equal(["done", "done"], versions!.Select(v => v.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Restore_makes_an_older_version_current_as_a_new_one()
    {
        var (id, first) = await FinishedReportAsync();
        using (await ReviseAsync(id, new { instruction = "Add a pricing section" })) { }
        await Api.WaitForStatusAsync(Client, id, "done");

        using var restored = await Api.PostAsync(Client, $"/api/reports/{id}/versions/1/restore");

        Assert.Equal(HttpStatusCode.Created, restored.StatusCode);
        Assert.Equal(3, (await restored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        var entry = await Api.GetAsync(Client, id);
        Assert.Equal(("done", 3, 3), (entry.GetProperty("status").GetString(), entry.GetProperty("version").GetInt32(), entry.GetProperty("versions").GetInt32()));
        Assert.Equal(first, await Client.GetStringAsync($"/r/{id}/raw"));
        var events = await ReportStream.FollowAsync(Client, id, lastEventId: "2:10"); // a viewer of version 2
        Assert.Equal(("reset", 0), (events[0].Type, events[0].Data.GetProperty("length").GetInt32()));
        Assert.Equal(first, ReportStream.Text(events));
        Assert.All(events.Where(e => e.Type == "chunk"), e => Assert.StartsWith("3:", e.Id, StringComparison.Ordinal));
        var versions = await Client.GetFromJsonAsync<JsonElement[]>($"/api/reports/{id}/versions");
        Assert.Equal("Restored version 1", versions![2].GetProperty("instruction").GetString());
        var diff = await Client.GetFromJsonAsync<JsonElement>($"/api/reports/{id}/versions/diff?from=1&to=3");
        Assert.All(diff.GetProperty("sections").EnumerateArray(), s => Assert.Equal("same", s.GetProperty("change").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostAsync(Client, $"/api/reports/{id}/versions/9/restore")).StatusCode);
    }

    [Fact]
    public async Task Bad_revisions_are_refused_with_field_errors_and_busy_reports_with_409()
    {
        var (id, _) = await FinishedReportAsync();

        await AssertFieldErrorAsync(await ReviseAsync(id, new { instruction = "  " }), "instruction");
        await AssertFieldErrorAsync(await ReviseAsync(id, new { instruction = new string('x', 4001) }), "instruction");
        await AssertFieldErrorAsync(await ReviseAsync(id, new { instruction = "Shorter", section = "Appendix" }), "section");
        await AssertFieldErrorAsync(await Client.GetAsync($"/api/reports/{id}/versions/diff?from=one&to=2"), "from");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/reports/{id}/versions/diff?from=1&to=4")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/reports/{Blazar.Reports.ReportId.New()}/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReviseAsync(Blazar.Reports.ReportId.New(), new { instruction = "Shorter" })).StatusCode);

        await RenameAsync(id, "Q3 churn review, busy");
        var held = Gate.Hold("busy");
        using (var revised = await ReviseAsync(id, new { instruction = "Shorter" }))
            Assert.Equal(HttpStatusCode.Accepted, revised.StatusCode);
        using var again = await ReviseAsync(id, new { instruction = "Shorter still" });
        using var restore = await Api.PostAsync(Client, $"/api/reports/{id}/versions/1/restore");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, restore.StatusCode);
        held.ReleaseAll();
    }

    [Fact]
    public async Task Only_the_owner_or_an_admin_revises_and_others_learn_nothing_of_a_private_report()
    {
        await Accounts.People.CreateAsync(Server, "owner@blazar.test");
        await Accounts.People.CreateAsync(Server, "other@blazar.test");
        using var owner = await Accounts.People.SignInAsync(Server, "owner@blazar.test");
        using var other = await Accounts.People.SignInAsync(Server, "other@blazar.test");
        var id = await Api.StartAsync(owner);
        await Api.WaitForStatusAsync(owner, id, "done");

        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/reports/{id}/revisions", new { instruction = "Shorter" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/reports/{id}/versions")).StatusCode);
        await Accounts.People.SetVisibilityAsync(owner, id, "team");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/reports/{id}/revisions", new { instruction = "Shorter" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"/api/reports/{id}/versions/1/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/reports/{id}/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsJsonAsync($"/api/reports/{id}/revisions", new { instruction = "Shorter" })).StatusCode);
        await Api.WaitForStatusAsync(owner, id, "done");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/reports/{id}/versions/diff?from=1&to=2")).StatusCode);
    }

    private async Task<(string Id, string Text)> FinishedReportAsync()
    {
        var id = await Api.StartAsync(Client);
        await Api.WaitForStatusAsync(Client, id, "done");
        return (id, await Client.GetStringAsync($"/r/{id}/raw"));
    }

    private Task<HttpResponseMessage> ReviseAsync(string id, object body) => Client.PostAsJsonAsync($"/api/reports/{id}/revisions", body);

    /// <summary>A new title, so a revision can be held by the gate (which goes by title) while the first version was not.</summary>
    private async Task RenameAsync(string id, string title)
    {
        using var response = await Client.PatchAsJsonAsync($"/api/reports/{id}", new { title });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error on {field}: {problem}");
        }
    }

    private async Task FirstChunkAsync(string id)
    {
        using var response = await ReportStream.OpenAsync(Server.NewClient(), $"/api/reports/{id}/events");
        await foreach (var e in ReportStream.ReadAsync(response))
            if (e.Type == "chunk")
                return;
    }
}
