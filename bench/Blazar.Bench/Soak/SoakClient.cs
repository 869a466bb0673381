using System.Diagnostics;

namespace Blazar.Bench.Soak;

/// <summary>
/// One of the soak's other clients: list, search, open (the entry, the page, the stored text), stop, continue and
/// delete, one after another with a short pause, on whichever reports the soak has. Every answer is counted by
/// operation; a 404 or 409 is an expected answer for a report another client got to first, a 5xx never is.
/// </summary>
internal sealed class SoakClient(HttpClient http, Uri address, SoakCounters counters, SoakReports reports)
{
    private static readonly string[] Searches = ["harbour", "freight delays", "containers", "recommendations", "soak report"];

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await OneAsync(stop);
                await Task.Delay(TimeSpan.FromMilliseconds(50 + Random.Shared.Next(200)), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private Task OneAsync(CancellationToken cancellationToken)
    {
        var roll = Random.Shared.Next(100);
        return roll switch
        {
            < 25 => SendAsync("list", HttpMethod.Get, "/api/reports?limit=100", cancellationToken),
            < 30 => SendAsync("list", HttpMethod.Get, "/api/reports", cancellationToken),
            < 45 => SendAsync("search", HttpMethod.Get, "/api/reports?q=" + Uri.EscapeDataString(Searches[Random.Shared.Next(Searches.Length)]), cancellationToken),
            < 55 => On(reports.AnyActive(), id => SendAsync("open", HttpMethod.Get, $"/api/reports/{id}", cancellationToken)),
            < 62 => On(reports.AnyFinished(), id => SendAsync("open page", HttpMethod.Get, $"/r/{id}", cancellationToken)),
            < 70 => On(reports.AnyFinished(), id => SendAsync("raw", HttpMethod.Get, $"/r/{id}/raw", cancellationToken)),
            < 80 => On(reports.AnyActive(), id => SendAsync("cancel", HttpMethod.Post, $"/api/reports/{id}/cancel", cancellationToken)),
            < 88 => On(reports.AnyActive(), id => SendAsync("continue", HttpMethod.Post, $"/api/reports/{id}/continue", cancellationToken)),
            < 96 => On(reports.AnyFinished(), id => SendAsync("delete", HttpMethod.Delete, $"/api/reports/{id}", cancellationToken)),
            _ => On(reports.AnyActive(), id => SendAsync("delete", HttpMethod.Delete, $"/api/reports/{id}", cancellationToken)),
        };
    }

    private static Task On(string? id, Func<string, Task> action) => id is null ? Task.CompletedTask : action(id);

    private async Task SendAsync(string operation, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(address, path));
        if (method != HttpMethod.Get)
            request.Headers.Add("Origin", address.GetLeftPart(UriPartial.Authority));
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        counters.Answered(operation, (int)response.StatusCode, (int)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
    }
}
