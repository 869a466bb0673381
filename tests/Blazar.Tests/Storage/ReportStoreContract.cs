using Blazar.Reports;
using Blazar.Storage;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Storage;

/// <summary>
/// What every report store keeps, run on each database (<see cref="SqliteReportStoreTests"/>,
/// <see cref="PostgresReportStoreTests"/>) through a real Blazar that migrated it at start.
/// </summary>
public abstract class ReportStoreContract : IAsyncLifetime
{
    private static readonly Spec Spec = new()
    {
        Title = "Q3 churn review",
        Summary = "Why churn rose in Q3 and what to do",
        Sections = ["Executive summary", "Drivers", "Recommendations"],
        Data = "month,churn\nJul,2.1\nAug,2.6\nSep,3.4\n",
    };

    private BlazarServer _server = null!;
    private IReportStore _store = null!;

    protected IReportStore Store => _store;

    protected abstract Task<IReadOnlyDictionary<string, string>> SettingsAsync();

    public async Task InitializeAsync()
    {
        _server = await BlazarServer.StartAsync(await SettingsAsync());
        _store = _server.Get<IReportStore>();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Reports_round_trip_and_list_newest_first()
    {
        var now = Now();
        var older = NewReport(now.AddMinutes(-1)) with { Usage = new Usage("offline", 10, 20) { StopReason = "stop" }, Truncated = true, Error = "why", Length = 7, Progress = 40 };
        var newer = NewReport(now);
        await _store.CreateAsync(older, None);
        await _store.CreateAsync(newer, None);

        var read = (await _store.GetAsync(older.Id, None))!;
        Assert.Equal(older.Spec.Sections, read.Spec.Sections);
        Assert.Equal(older, read with { Spec = read.Spec with { Sections = older.Spec.Sections } });
        Assert.Equal([newer.Id, older.Id], (await _store.ListAsync(10, null, None)).Select(r => r.Id));
        Assert.Equal(older.ToEntry(), (await _store.ListAsync(10, null, None))[1]);
        Assert.Equal("", await _store.GetTextAsync(newer.Id, None));
        Assert.Null(await _store.GetAsync(ReportId.New(), None));
    }

    [Fact]
    public async Task A_save_while_writing_never_takes_a_stopped_or_finished_report_back()
    {
        // A stalled instance's periodic save can land after the instance that took the report over has finished it.
        foreach (var ended in new[] { ReportStatus.Done, ReportStatus.Cancelled })
        {
            var report = NewReport(Now());
            await _store.CreateAsync(report, None);
            await _store.UpdateWhileWritingAsync(report with { Status = ReportStatus.Generating, Length = 2 }, "fi", None);
            Assert.Equal("fi", await _store.GetTextAsync(report.Id, None));
            await _store.UpdateAsync(report with { Status = ended, Length = 5 }, "final", None);

            await _store.UpdateWhileWritingAsync(report with { Status = ReportStatus.Generating, Length = 3 }, "fin", None);

            var read = (await _store.GetAsync(report.Id, None))!;
            Assert.Equal((ended, 5, "final"), (read.Status, read.Length, await _store.GetTextAsync(report.Id, None)));
        }
    }

    [Fact]
    public async Task A_version_is_added_only_after_a_finished_current_one_and_every_version_stays_readable()
    {
        var report = NewReport(Now());
        await _store.CreateAsync(report, None);
        var revision = new NewVersion("Shorten it", "Drivers", ReportStatus.Queued, Now()) { Text = "<h1>kept</h1>", Basis = 1 };
        Assert.Null(await _store.AddVersionAsync(report.Id, revision, None)); // version 1 is still queued

        var first = report with { Status = ReportStatus.Done, Length = 12, Progress = 100, CompletedAt = Now(), Usage = new Usage("offline", 5, 9) };
        await _store.UpdateAsync(first, "<p>first</p>", None);
        Assert.Null(await _store.AddVersionAsync(report.Id, revision with { Basis = 2 }, None)); // made from a version that is not the current one
        Assert.Equal(2, await _store.AddVersionAsync(report.Id, revision, None));
        Assert.Null(await _store.AddVersionAsync(report.Id, revision with { Basis = 2 }, None)); // version 2 is queued

        var current = (await _store.GetAsync(report.Id, None))!;
        Assert.Equal((2, 2, ReportStatus.Queued, 13, (Usage?)null), (current.Version, current.Versions, current.Status, current.Length, current.Usage));
        Assert.Equal("<h1>kept</h1>", await _store.GetTextAsync(report.Id, None));
        var older = (await _store.GetAsync(report.Id, 1, None))!;
        Assert.Equal((1, 2, ReportStatus.Done, first.Usage), (older.Version, older.Versions, older.Status, older.Usage));
        Assert.Equal("<p>first</p>", await _store.GetTextAsync(report.Id, 1, None));
        Assert.Null(await _store.GetAsync(report.Id, 3, None));
        Assert.Null(await _store.GetTextAsync(report.Id, 3, None));
        var entry = Assert.Single(await _store.ListAsync(10, null, None));
        Assert.Equal((2, 2, ReportStatus.Queued), (entry.Version, entry.Versions, entry.Status));
        Assert.Single(await _store.ListActiveAsync(None));

        await _store.UpdateAsync(current with { Status = ReportStatus.Done, Length = 15, CompletedAt = Now() }, "<p>second</p>..", None);
        var restored = new NewVersion("Restored version 1", null, ReportStatus.Done, Now()) { Text = "<p>first</p>", CompletedAt = Now(), Progress = 100, Basis = 2 };
        Assert.Equal(3, await _store.AddVersionAsync(report.Id, restored, None));
        Assert.Equal("<p>first</p>", await _store.GetTextAsync(report.Id, None));
        var versions = await _store.ListVersionsAsync(report.Id, None);
        Assert.Equal([1, 2, 3], versions.Select(v => v.Version));
        Assert.Equal([null, "Shorten it", "Restored version 1"], versions.Select(v => v.Instruction));
        Assert.Equal([null, "Drivers", null], versions.Select(v => v.Section));
        Assert.Equal([12, 15, 12], versions.Select(v => v.Length));
        Assert.Empty(await _store.ListActiveAsync(None));
        Assert.Equal(report.Id, Assert.Single(await _store.SearchAsync("first", 10, None)).Id); // the restored text is what search finds
    }

    [Fact]
    public async Task Nul_and_every_other_character_round_trip_in_title_summary_data_error_and_text()
    {
        const string tricky = "a\u0000b \u0001 \u00010 \u0001\u0001 \\0 \u0002 日本語 😀 \u200d \uFFFF end\u0000";
        var report = new Report(ReportId.New(), new Spec { Title = "a\u0000b" + tricky, Summary = tricky, Sections = [tricky], Instructions = tricky, Data = tricky }, ReportStatus.Queued, Now());
        await _store.CreateAsync(report, None);
        var text = $"<!doctype html><h1>{tricky}</h1>\u0000<p>after the NUL</p>";
        await _store.UpdateAsync(report with { Status = ReportStatus.Done, Length = text.Length, Error = tricky, CompletedAt = Now() }, text, None);

        var read = (await _store.GetAsync(report.Id, None))!;
        Assert.Equal(report.Spec.Title, read.Spec.Title);
        Assert.Equal(tricky, read.Spec.Summary);
        Assert.Equal(tricky, read.Spec.Data);
        Assert.Equal(tricky, read.Spec.Instructions);
        Assert.Equal([tricky], read.Spec.Sections);
        Assert.Equal(tricky, read.Error);
        Assert.Equal(text, await _store.GetTextAsync(report.Id, None));
        var entry = Assert.Single(await _store.ListAsync(10, null, None));
        Assert.Equal(report.Spec.Title, entry.Title);
        Assert.Equal(text.Length, entry.Length);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_newest_first_without_gaps_or_repeats()
    {
        var now = Now();
        // Two pairs share a creation time: the id breaks the tie, so the cursor still moves on exactly.
        var reports = Enumerable.Range(0, 7).Select(i => NewReport(now.AddSeconds(-(i / 2)))).ToList();
        foreach (var report in reports)
            await _store.CreateAsync(report, None);
        var expected = (await _store.ListAsync(100, null, None)).Select(r => r.Id).ToList();
        Assert.Equal(reports.Select(r => r.Id).Order(), expected.Order());

        var paged = new List<string>();
        string? before = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await _store.ListAsync(3, before, None);
            paged.AddRange(page.Select(r => r.Id));
            if (page.Count < 3)
                break;
            before = page[^1].Id;
        }

        Assert.Equal(expected, paged);
        Assert.Empty(await _store.ListAsync(3, ReportId.New(), None)); // a cursor that names no report
        for (var i = 1; i < expected.Count; i++)
            Assert.True(reports.Single(r => r.Id == expected[i - 1]).CreatedAt >= reports.Single(r => r.Id == expected[i]).CreatedAt);
    }

    [Fact]
    public async Task Active_reports_are_listed_oldest_first()
    {
        var now = Now();
        var queued = NewReport(now.AddMinutes(-2));
        var generating = NewReport(now.AddMinutes(-1));
        var done = NewReport(now.AddMinutes(-3));
        foreach (var report in new[] { queued, generating, done })
            await _store.CreateAsync(report, None);
        await _store.UpdateAsync(generating with { Status = ReportStatus.Generating }, null, None);
        await _store.UpdateAsync(done with { Status = ReportStatus.Done }, "<p>done</p>", None);

        Assert.Equal([queued.Id, generating.Id], (await _store.ListActiveAsync(None)).Select(r => r.Id));
    }

    [Fact]
    public async Task Status_moves_only_from_an_expected_status()
    {
        var report = NewReport(Now());
        await _store.CreateAsync(report, None);

        Assert.False(await _store.TrySetStatusAsync(report.Id, [ReportStatus.Generating], ReportStatus.Done, None));
        Assert.True(await _store.TrySetStatusAsync(report.Id, [ReportStatus.Cancelled, ReportStatus.Queued], ReportStatus.Generating, None));
        Assert.Equal(ReportStatus.Generating, (await _store.GetAsync(report.Id, None))!.Status);
        Assert.False(await _store.TrySetStatusAsync(ReportId.New(), [ReportStatus.Queued], ReportStatus.Generating, None));
    }

    [Fact]
    public async Task A_deleted_report_stays_deleted_when_a_late_writer_updates_it()
    {
        var report = NewReport(Now());
        await _store.CreateAsync(report, None);
        await _store.UpdateAsync(report with { Length = 5 }, "<html", None);
        Assert.Equal("<html", await _store.GetTextAsync(report.Id, None));

        Assert.True(await _store.DeleteAsync(report.Id, None));
        await _store.UpdateAsync(report with { Status = ReportStatus.Done }, "<html></html>", None);

        Assert.Null(await _store.GetAsync(report.Id, None));
        Assert.Null(await _store.GetTextAsync(report.Id, None));
        Assert.DoesNotContain(report.Id, (await _store.ListAsync(100, null, None)).Select(r => r.Id));
        Assert.Empty(await _store.SearchAsync("churn", 10, None));
        Assert.False(await _store.DeleteAsync(report.Id, None));
    }

    [Fact]
    public async Task Search_ranks_title_over_text_and_answers_with_a_plain_text_snippet()
    {
        var now = Now();
        var inTitle = NewReport(now, "Penguin colonies of the south", "Where they breed");
        var inText = NewReport(now.AddSeconds(-1), "Antarctic field notes", "A season on the ice");
        var elsewhere = NewReport(now.AddSeconds(-2), "Q3 churn review", "Why churn rose");
        foreach (var report in new[] { inTitle, inText, elsewhere })
            await _store.CreateAsync(report, None);
        await Finish(inTitle, "<!doctype html><html><head><style>p { color: red }</style></head><body><p>Colonies grow.</p></body></html>");
        await Finish(inText, "<!doctype html><html><body><h2>Day 3</h2><p>We counted <b>penguins</b> &amp; seals on the <em>shelf</em> all morning.</p><script>x</script></body></html>");
        await Finish(elsewhere, "<p>Nothing about birds.</p>");

        var hits = await _store.SearchAsync("penguins", 10, None);

        Assert.Equal([inTitle.Id, inText.Id], hits.Select(h => h.Id));
        var snippet = hits[1].Snippet!;
        Assert.Contains("penguins & seals on the shelf", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<", snippet, StringComparison.Ordinal);
        Assert.Equal(inText.Spec.Title, hits[1].Title);
        Assert.Equal([inText.Id], (await _store.SearchAsync("seals shelf", 10, None)).Select(h => h.Id)); // every word
        Assert.Empty(await _store.SearchAsync("penguins walrus", 10, None));
        Assert.Empty(await _store.SearchAsync("\" OR * NEAR( -", 10, None)); // nothing a person types is query syntax
        Assert.Single(await _store.SearchAsync("penguins", 1, None));
    }

    [Fact]
    public async Task Search_keeps_titles_first_and_the_most_mentions_next_when_the_word_is_in_hundreds_of_texts()
    {
        // More reports hold the word in their text alone than a search ranks by their whole text (PostgreSQL ranks
        // the best of them by title and summary first): the title still wins, then the text that says it most.
        var now = Now();
        var filler = string.Concat(Enumerable.Repeat("<p>Notes on the weather, the tides and the boats in the bay.</p>", 250));
        var inTitle = NewReport(now.AddSeconds(-500), "Krill counts", "Season notes");
        await _store.CreateAsync(inTitle, None);
        await Finish(inTitle, "<p>Nothing to see.</p>");
        var most = NewReport(now.AddSeconds(-499), "Harbour log", "Season notes");
        await _store.CreateAsync(most, None);
        await Finish(most, "<p>krill krill krill krill krill krill krill krill</p>" + filler);
        for (var i = 0; i < 210; i++)
        {
            var report = NewReport(now.AddSeconds(-400 + i), $"Harbour log {i}", "Season notes");
            await _store.CreateAsync(report, None);
            await Finish(report, "<p>One krill.</p>" + filler);
        }
        // The word once, capitalised and deep in a long text: the snippet is cut from around it.
        var deep = NewReport(now, "Deep notes", "Season notes");
        await _store.CreateAsync(deep, None);
        await Finish(deep, filler + "<p>Krill swarmed under the ice shelf at dawn.</p>" + filler);

        var hits = await _store.SearchAsync("krill", 50, None);

        Assert.Equal(50, hits.Count);
        Assert.Equal([inTitle.Id, most.Id], hits.Take(2).Select(h => h.Id));
        Assert.Equal(hits.Count, hits.Select(h => h.Id).Distinct().Count());
        Assert.All(hits, h => Assert.Contains("krill", h.Snippet!, StringComparison.OrdinalIgnoreCase));
        var deepHit = (await _store.SearchAsync("krill swarmed", 10, None)).Single();
        Assert.Equal(deep.Id, deepHit.Id);
        Assert.Contains("Krill swarmed under the ice shelf", deepHit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_indexed_again_is_found_once_by_its_new_text_and_not_after_it_is_deleted()
    {
        var report = NewReport(Now());
        await _store.CreateAsync(report, None);
        await Finish(report, "<p>The first text mentions albatrosses.</p>");
        await Finish(report, "<p>The second text mentions petrels.</p>");

        Assert.Empty(await _store.SearchAsync("albatrosses", 10, None));
        Assert.Equal(report.Id, Assert.Single(await _store.SearchAsync("petrels", 10, None)).Id);
        Assert.True(await _store.DeleteAsync(report.Id, None));
        Assert.Empty(await _store.SearchAsync("petrels", 10, None));
    }

    [Fact]
    public async Task A_report_is_its_version_one()
    {
        var report = NewReport(Now());
        await _store.CreateAsync(report, None);
        await _store.UpdateAsync(report with { Status = ReportStatus.Done, Length = 11, Usage = new Usage("offline", 1, 2) }, "<p>done</p>", None);

        var version = Assert.Single(await _store.ListVersionsAsync(report.Id, None));
        Assert.Equal(new ReportVersion(1, report.CreatedAt, null, null, 11, ReportStatus.Done, new Usage("offline", 1, 2)), version);
        Assert.Empty(await _store.ListVersionsAsync(ReportId.New(), None));
    }

    private Task Finish(Report report, string html) =>
        _store.UpdateAsync(report with { Status = ReportStatus.Done, Length = html.Length, Progress = 100, CompletedAt = Now() }, html, None);

    private static DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private static Report NewReport(DateTimeOffset createdAt, string? title = null, string? summary = null) =>
        new(ReportId.New(), SpecValidator.Normalize(Spec with { Title = title ?? Spec.Title, Summary = summary ?? Spec.Summary }), ReportStatus.Queued, createdAt);
}

/// <summary>The store's contract on a SQLite file.</summary>
public sealed class SqliteReportStoreTests : ReportStoreContract
{
    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
}

/// <summary>The store's contract on PostgreSQL, a fresh database per test.</summary>
[Collection("fleet")]
public sealed class PostgresReportStoreTests(PostgresFixture postgres) : ReportStoreContract
{
    private string _connectionString = "";

    protected override async Task<IReadOnlyDictionary<string, string>> SettingsAsync() => new Dictionary<string, string>
    {
        ["Storage"] = "postgres",
        ["Postgres:ConnectionString"] = _connectionString = await postgres.Server.CreateDatabaseAsync(),
    };

    [Fact]
    public async Task Listing_reads_manifest_columns_only_never_the_specs_or_the_texts()
    {
        var report = new Report(ReportId.New(), new Spec { Title = "Big data", Data = new string('x', 200_000) }, ReportStatus.Queued, DateTimeOffset.UtcNow);
        await Store.CreateAsync(report, CancellationToken.None);
        await Store.UpdateAsync(report with { Status = ReportStatus.Generating }, new string('y', 200_000), CancellationToken.None);
        // A role that may read every column but the spec and the text (and of people only the owner's name): a query that touches either is refused.
        var role = $"lister_{Guid.NewGuid():N}";
        await using (var connection = new Npgsql.NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var grant = new Npgsql.NpgsqlCommand($"""
                CREATE ROLE {role} LOGIN;
                GRANT SELECT ON reports TO {role};
                GRANT SELECT (report_id, number, status, created_at, completed_at, length, progress, error, usage, truncated) ON report_versions TO {role};
                GRANT SELECT ("Id", "DisplayName") ON "AspNetUsers" TO {role};
                """, connection);
            await grant.ExecuteNonQueryAsync();
        }
        var lister = new ReportStore(
            new PostgresStoreProvider(Microsoft.Extensions.Options.Options.Create(new PostgresOptions { ConnectionString = _connectionString.Replace("Username=postgres", $"Username={role}", StringComparison.Ordinal) })),
            new StoreHealth());

        Assert.Equal(report.Id, Assert.Single(await lister.ListAsync(10, null, CancellationToken.None)).Id);
        Assert.Equal(report.Id, Assert.Single(await lister.ListActiveAsync(CancellationToken.None)).Id);
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => lister.GetTextAsync(report.Id, CancellationToken.None)); // the role is the proof
        Assert.Equal("42501", refused.SqlState);
    }
}
