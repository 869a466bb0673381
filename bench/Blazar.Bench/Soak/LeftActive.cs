using System.Net.Http.Json;
using System.Text.Json;

namespace Blazar.Bench.Soak;

/// <summary>
/// The reports still queued or being written once the load is over: after a short wait for those a client continued
/// near the end, none should be. A report left queued with nothing writing it is stuck for good.
/// </summary>
internal static class LeftActive
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<string>> FindAsync(HttpClient http, Uri address)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var active = await ListActiveAsync(http, address);
            if (active.Count == 0 || waited.Elapsed > Patience)
                return active;
            await Task.Delay(1000);
        }
    }

    private static async Task<List<string>> ListActiveAsync(HttpClient http, Uri address)
    {
        var active = new List<string>();
        var page = new Uri(address, "/api/reports?limit=1000");
        while (true)
        {
            using var response = await http.GetAsync(page);
            response.EnsureSuccessStatusCode();
            foreach (var entry in (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
            {
                var status = entry.GetProperty("status").GetString();
                if (status is "queued" or "generating")
                    active.Add($"{entry.GetProperty("id").GetString()} ({status}, created {entry.GetProperty("createdAt").GetString()})");
            }
            if (response.Headers.TryGetValues("Link", out var links) && links.First() is var link && link.IndexOf('<') is >= 0 and var at)
                page = new Uri(address, link[(at + 1)..link.IndexOf('>')]);
            else
                return active;
        }
    }
}
