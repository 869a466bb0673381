using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blazar.Tests.Infrastructure;
using Blazar.Testing;

namespace Blazar.Tests.Accounts;

/// <summary>Who sees which reports in the manifest, in search and in the hub's live feed; sharing through PATCH.</summary>
public sealed class SharingTests : IAsyncLifetime
{
    private BlazarServer _server = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    public async Task InitializeAsync()
    {
        _server = await BlazarServer.StartAsync();
        await People.CreateAsync(_server, "alice@blazar.test");
        await People.CreateAsync(_server, "bob@blazar.test");
        _alice = People.TokenClient(_server, await TestAccounts.TokenAsync(_server.Services, "alice@blazar.test"));
        _bob = People.TokenClient(_server, await TestAccounts.TokenAsync(_server.Services, "bob@blazar.test"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_manifest_and_search_hold_your_own_and_the_teams_reports_only()
    {
        var secret = await StartAsync(_alice, "Penguin secrets", "private");
        var team = await StartAsync(_alice, "Penguin team notes", "team");
        var link = await StartAsync(_alice, "Penguin link memo", "link");
        var bobs = await StartAsync(_bob, "Penguin of Bob", "private");
        foreach (var id in new[] { secret, team, link })
            await Api.WaitForStatusAsync(_alice, id, "done");
        await Api.WaitForStatusAsync(_bob, bobs, "done");

        Assert.Equal([bobs, team], await IdsAsync(_bob, "/api/reports"));
        Assert.Equal([bobs], await IdsAsync(_bob, "/api/reports?scope=mine"));
        Assert.Equal(new[] { bobs, team }.Order(), (await IdsAsync(_bob, "/api/reports?q=penguin")).Order());
        Assert.Equal([link, team, secret], await IdsAsync(_alice, "/api/reports?scope=mine"));
        using (var notAdmin = await _bob.GetAsync("/api/reports?scope=all"))
            Assert.Equal(HttpStatusCode.BadRequest, notAdmin.StatusCode);
        Assert.Equal(4, (await IdsAsync(_server.Client, "/api/reports?scope=all")).Count);
        Assert.Equal(4, (await IdsAsync(_server.Client, "/api/reports?scope=all&q=penguin")).Count);

        var entry = await Api.GetAsync(_bob, team);
        Assert.Equal("alice", entry.GetProperty("owner").GetProperty("displayName").GetString());
        Assert.Equal("team", entry.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task The_hub_feed_tells_each_person_only_of_what_they_may_see_and_takes_back_what_is_made_private()
    {
        using var bobHub = await ReportStream.OpenAsync(_bob, "/api/hub/events");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = ReportStream.ReadAsync(bobHub, cancel.Token).GetAsyncEnumerator(cancel.Token);

        var secret = await StartAsync(_alice, "Alice alone", "private");
        await Api.WaitForStatusAsync(_alice, secret, "done");
        var shared = await StartAsync(_alice, "For the team", "team");
        await Api.WaitForStatusAsync(_alice, shared, "done");
        await People.SetVisibilityAsync(_alice, shared, "private");

        var seen = new List<(string Type, string Id)>();
        while (await events.MoveNextAsync())
        {
            var id = events.Current.Data.GetProperty("id").GetString()!;
            seen.Add((events.Current.Type, id));
            if (events.Current.Type == "removed")
                break;
        }
        await events.DisposeAsync();
        Assert.DoesNotContain(seen, e => e.Id == secret);
        Assert.Contains(("report", shared), seen);
        Assert.Equal(("removed", shared), seen[^1]);
    }

    [Fact]
    public async Task Patch_changes_title_and_visibility_for_the_owner_with_field_errors_for_bad_values()
    {
        var id = await StartAsync(_alice, "Old title", "team");

        using var bad = await _alice.PatchAsJsonAsync($"/api/reports/{id}", new { visibility = "public", title = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("visibility", out _));
        Assert.True(errors.TryGetProperty("title", out _));
        using var notOwner = await _bob.PatchAsJsonAsync($"/api/reports/{id}", new { title = "Bob's now" });
        Assert.Equal(HttpStatusCode.Forbidden, notOwner.StatusCode);
        using var ok = await _alice.PatchAsJsonAsync($"/api/reports/{id}", new { title = "New title", visibility = "link" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var entry = await Api.GetAsync(People.TokenClient(_server, null), id);
        Assert.Equal("New title", entry.GetProperty("title").GetString());
        Assert.Equal("link", entry.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task Removing_a_person_gives_their_reports_to_the_admin_who_removed_them()
    {
        var carolId = await People.CreateAsync(_server, "carol@blazar.test");
        using var carol = People.TokenClient(_server, await TestAccounts.TokenAsync(_server.Services, "carol@blazar.test"));
        var id = await StartAsync(carol, "Carol's report", "private");
        await Api.WaitForStatusAsync(carol, id, "done");

        using var asMember = await _bob.DeleteAsync($"/api/users/{carolId}");
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
        using var removed = await _server.Client.DeleteAsync($"/api/users/{carolId}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        using var gone = await carol.GetAsync("/api/account");
        Assert.Equal(HttpStatusCode.Unauthorized, gone.StatusCode); // their tokens went with them
        var admin = await _server.Client.GetFromJsonAsync<JsonElement>("/api/account");
        var entry = await Api.GetAsync(_server.Client, id);
        Assert.Equal(admin.GetProperty("id").GetString(), entry.GetProperty("owner").GetProperty("id").GetString());
        Assert.Contains(id, await IdsAsync(_server.Client, "/api/reports?scope=mine"));
        var people = await _server.Client.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.DoesNotContain(people.EnumerateArray(), p => p.GetProperty("id").GetString() == carolId);
    }

    [Fact]
    public async Task An_invitation_link_makes_an_account_once()
    {
        using var created = await _server.Client.PostAsJsonAsync("/api/invitations", new { email = "dave@blazar.test", role = "member" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = new Uri((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);
        Assert.Equal(_server.BaseAddress.Authority, url.Authority);
        var token = url.AbsolutePath["/invite/".Length..];
        using var invitee = People.CookieClient(_server);

        var info = await invitee.GetFromJsonAsync<JsonElement>($"/api/invitations/{token}");
        Assert.Equal("dave@blazar.test", info.GetProperty("email").GetString());
        using (var accepted = await invitee.PostAsJsonAsync($"/api/invitations/{token}/accept", new { password = "dave's password", displayName = "Dave" }))
            Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        var me = await invitee.GetFromJsonAsync<JsonElement>("/api/account");
        Assert.Equal("Dave", me.GetProperty("displayName").GetString());
        Assert.Equal("member", me.GetProperty("role").GetString());

        using var again = await People.CookieClient(_server).PostAsJsonAsync($"/api/invitations/{token}/accept", new { password = "another password" });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var byMember = await _bob.PostAsJsonAsync("/api/invitations", new { email = "eve@blazar.test" });
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
    }

    private static async Task<string> StartAsync(HttpClient owner, string title, string visibility)
    {
        var id = await Api.StartAsync(owner, new { title, summary = "about penguins", sections = new[] { "One" } });
        await People.SetVisibilityAsync(owner, id, visibility);
        return id;
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path)).EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
}
