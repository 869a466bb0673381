using System.Diagnostics;
using System.Text.Json;
using Blazar.Extensions;
using Blazar.Reports;
using Blazar.Storage;

namespace Blazar.Bench.Storage;

/// <summary>
/// <c>POST /bench/seed?count=N&amp;chars=C&amp;from=F</c> in the served Blazar: N finished reports of about C characters each,
/// written straight into its store (the same rows and search index the store writes, 500 reports a transaction)
/// instead of through N generations: reports F to F+N-1 of a set whose creation times are one second apart, going
/// back from a fixed moment (so several calls build one set).
/// </summary>
internal static class SeedApi
{
    private const int Batch = 500;

    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/bench/seed", async (int count, int chars, int? from, StoreProvider provider, CancellationToken cancellationToken) =>
    {
        var clock = Stopwatch.StartNew();
        var first = from ?? 0;
        var random = new Random(42 + first);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var written = 0L;
        for (var start = 0; start < count; start += Batch)
        {
            await using var db = provider.CreateDb();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var index = new List<(string Id, string Title, string Summary, string Html)>();
            for (var i = start; i < Math.Min(count, start + Batch); i++)
            {
                var title = SeedText.Title(random);
                var summary = SeedText.Summary(random);
                var html = SeedText.Html(random, title, chars / 2 + random.Next(chars));
                written += html.Length;
                var created = now.AddSeconds(first + i);
                var id = ReportId.New();
                db.Reports.Add(new ReportRow
                {
                    Id = id,
                    Title = title,
                    Summary = summary,
                    CreatedAt = created,
                    Versions =
                    [
                        new ReportVersionRow
                        {
                            ReportId = id,
                            Number = 1,
                            Spec = JsonSerializer.Serialize(new Spec { Title = title, Summary = summary }, BlazarJson.Options),
                            Text = html,
                            Status = ReportStatus.Done,
                            CreatedAt = created,
                            CompletedAt = created.AddSeconds(20),
                            Length = html.Length,
                            Progress = 100,
                        },
                    ],
                });
                index.Add((id, title, summary, html));
            }
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (id, title, summary, html) in index)
                await provider.IndexAsync(db, id, PlainText.Clean(title), PlainText.Clean(summary), PlainText.FromHtml(html), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return TypedResults.Ok(new SeedResult(count, written, clock.Elapsed.TotalSeconds));
    });

    internal sealed record SeedResult(int Reports, long Chars, double Seconds);
}
