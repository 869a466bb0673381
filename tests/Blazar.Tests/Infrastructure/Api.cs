using System.Net.Http.Json;
using System.Text.Json;

namespace Blazar.Tests.Infrastructure;

/// <summary>Small calls on Blazar's HTTP API, so tests read as behaviour.</summary>
public static class Api
{
    public static readonly object ChurnSpec = new
    {
        title = "Q3 churn review",
        summary = "Why churn rose in Q3 and what to do",
        audience = "leadership",
        tone = "concise",
        sections = new[] { "Executive summary", "Drivers", "Recommendations" },
        instructions = "Focus on the regions with the largest change.",
        data = "region,churn,revenue\nNorth,4.2,1200\nSouth,6.1,900\nWest,3.3,1500\n",
    };

    public static async Task<string> StartAsync(HttpClient client, object? spec = null)
    {
        using var response = await client.PostAsJsonAsync("/api/reports", spec ?? ChurnSpec);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");

    public static async Task<string> StatusAsync(HttpClient client, string id) =>
        (await GetAsync(client, id)).GetProperty("status").GetString()!;

    public static Task<JsonElement> WaitForStatusAsync(HttpClient client, string id, params string[] statuses) =>
        Wait.UntilAsync(() => GetAsync(client, id), r => statuses.Contains(r.GetProperty("status").GetString()), because: $"report {id} to reach {string.Join("/", statuses)}");

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path) =>
        client.PostAsync(path, content: null);
}
