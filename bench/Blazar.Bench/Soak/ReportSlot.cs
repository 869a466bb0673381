using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace Blazar.Bench.Soak;

/// <summary>
/// One of the soak's generations at once: it starts a report, has its viewers follow it (joining at different
/// moments, so some replay and some only tail), continues it when it has been stopped, and once every viewer has
/// seen it end, checks each one's text against the stored report; then starts the next report, until the soak ends.
/// </summary>
internal sealed class ReportSlot(HttpClient http, Uri address, int viewers, TimeSpan joinWithin, SoakCounters counters, SoakReports reports)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    public async Task RunAsync(CancellationToken stopStarting, CancellationToken abort)
    {
        var index = 0;
        while (!stopStarting.IsCancellationRequested)
        {
            var id = await CreateAsync(index++, abort);
            if (id is null)
            {
                await Task.Delay(Poll, abort);
                continue;
            }
            reports.Active[id] = 0;
            var following = Enumerable.Range(0, viewers).Select(v => FollowAsync(id, v == 0 ? TimeSpan.Zero : joinWithin * Random.Shared.NextDouble(), abort)).ToList();
            var continuing = ContinueWhenStoppedAsync(id, Task.WhenAll(following), abort);
            var texts = await Task.WhenAll(following);
            await continuing;
            reports.Active.TryRemove(id, out _);
            await VerifyAsync(id, texts, abort);
        }
    }

    private async Task<string?> CreateAsync(int index, CancellationToken cancellationToken)
    {
        var spec = new
        {
            title = $"Soak report {index} on harbour freight",
            summary = "Freight volumes, delays and what to change",
            sections = new[] { "Summary", "Volumes", "Delays", "Recommendations" },
            data = "month,containers,delay hours\nJan,1200,3.5\nFeb,1340,2.9\nMar,1410,4.1\nApr,1380,3.2\n",
        };
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync(new Uri(address, "/api/reports"), spec, cancellationToken);
        counters.Answered("create", (int)response.StatusCode, (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        if (!response.IsSuccessStatusCode)
            return null;
        Interlocked.Increment(ref counters.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString();
    }

    /// <summary>One viewer, from its join until the report is done or deleted; null when it was deleted.</summary>
    private async Task<string?> FollowAsync(string id, TimeSpan join, CancellationToken cancellationToken)
    {
        await Task.Delay(join, cancellationToken);
        var viewer = new SoakViewer(http, address, id, counters);
        while (true)
        {
            switch (await viewer.FollowAsync(cancellationToken))
            {
                case StreamEnd.Done:
                    return viewer.Text;
                case StreamEnd.Gone:
                    return null;
                case StreamEnd.Stopped:
                    // As the page does: it waits for someone to continue the report, then follows it again.
                    if (!await WaitWhileStoppedAsync(id, cancellationToken))
                        return null;
                    break;
                case StreamEnd.Closed:
                    Interlocked.Increment(ref counters.Reconnects);
                    await Task.Delay(Poll, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>Waits until the report is written again (true) or deleted (false).</summary>
    private async Task<bool> WaitWhileStoppedAsync(string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await StatusAsync(id, cancellationToken);
            if (status is null)
                return false;
            if (status is not ("cancelled" or "failed"))
                return true;
            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>Continues the report when it has stayed stopped for a second or two, until the viewers are finished.</summary>
    private async Task ContinueWhenStoppedAsync(string id, Task viewersFinished, CancellationToken cancellationToken)
    {
        var stoppedSince = (DateTime?)null;
        while (!viewersFinished.IsCompleted)
        {
            await Task.WhenAny(viewersFinished, Task.Delay(Poll * 2, cancellationToken));
            if (viewersFinished.IsCompleted)
                return;
            var status = await StatusAsync(id, cancellationToken);
            if (status is not ("cancelled" or "failed"))
            {
                stoppedSince = null;
                continue;
            }
            stoppedSince ??= DateTime.UtcNow;
            if (DateTime.UtcNow - stoppedSince < TimeSpan.FromSeconds(1 + Random.Shared.NextDouble()))
                continue;
            using var response = await http.PostAsync(new Uri(address, $"/api/reports/{id}/continue"), null, cancellationToken);
            counters.Answered("continue", (int)response.StatusCode, 0);
            if (response.IsSuccessStatusCode)
                Interlocked.Increment(ref counters.ContinuedBySlots);
            stoppedSince = null;
        }
    }

    private async Task<string?> StatusAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(address, $"/api/reports/{id}"), cancellationToken);
        counters.Answered("open", (int)response.StatusCode, 0);
        if (!response.IsSuccessStatusCode)
            return null;
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("status").GetString();
    }

    /// <summary>Each viewer's text is the stored report, exactly; a report deleted meanwhile is not checked.</summary>
    private async Task VerifyAsync(string id, string?[] texts, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(address, $"/r/{id}/raw"), cancellationToken);
        counters.Answered("raw", (int)response.StatusCode, 0);
        if (!response.IsSuccessStatusCode || texts.Any(t => t is null))
        {
            Interlocked.Add(ref counters.DeletedBeforeCheck, texts.Length);
            return;
        }
        var stored = await response.Content.ReadAsStringAsync(cancellationToken);
        Interlocked.Increment(ref counters.Done);
        reports.Finished.Enqueue(id);
        foreach (var text in texts)
        {
            Interlocked.Increment(ref counters.Verified);
            if (text != stored)
            {
                Interlocked.Increment(ref counters.Mismatches);
                counters.Note($"report {id}: a viewer holds {text!.Length} characters that differ from the stored {stored.Length}");
            }
        }
    }
}

/// <summary>The soak's reports: those being written (for cancel, continue, delete) and finished ones (for open, delete).</summary>
internal sealed class SoakReports
{
    public ConcurrentDictionary<string, byte> Active { get; } = new();
    public ConcurrentQueue<string> Finished { get; } = new();

    public string? AnyActive() => Pick(Active.Keys.ToList());

    public string? AnyFinished()
    {
        // The queue keeps its order; a recent one is as good as any and cheap to find.
        var recent = Finished.TakeLast(200).ToList();
        return Pick(recent);
    }

    private static string? Pick(List<string> ids) => ids.Count == 0 ? null : ids[Random.Shared.Next(ids.Count)];
}
