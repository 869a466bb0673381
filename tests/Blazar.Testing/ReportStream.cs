using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Blazar.Testing;

/// <summary>One event of a report stream, as a viewer receives it.</summary>
public sealed record StreamEvent(string Type, string? Id, JsonElement Data)
{
    public string Delta => Data.GetProperty("delta").GetString()!;
    public int Offset => Data.GetProperty("offset").GetInt32();
    public int Length => Data.GetProperty("length").GetInt32();
    public int Progress => Data.GetProperty("progress").GetInt32();

    /// <summary>The report version the event belongs to (1 when it does not say).</summary>
    public int Version => Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("version", out var v) ? v.GetInt32() : 1;

    /// <summary>The id a chunk carries: its length, after <c>version:</c> for versions after the first.</summary>
    public string EventIdOfLength =>
        (Version == 1 ? "" : Version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":") + Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Reads Blazar's SSE streams (reports, hub, chat) the way a page does: pings are dropped, data is JSON.</summary>
public static class ReportStream
{
    public static async IAsyncEnumerable<StreamEvent> ReadAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
        {
            if (item.EventType == "ping")
                continue;
            yield return new StreamEvent(item.EventType, item.EventId, item.Data.Length == 0 ? default : JsonDocument.Parse(item.Data).RootElement.Clone());
        }
    }

    public static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string path, string? lastEventId = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        return response;
    }

    /// <summary>Follows a report to its end; returns every event.</summary>
    public static async Task<List<StreamEvent>> FollowAsync(HttpClient client, string reportId, string? lastEventId = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var response = await OpenAsync(client, $"/api/reports/{reportId}/events", lastEventId, cancel.Token);
        var events = new List<StreamEvent>();
        await foreach (var e in ReadAsync(response, cancel.Token))
        {
            events.Add(e);
            if (e.Type is "done" or "error")
                break;
        }
        return events;
    }

    /// <summary>The text the chunks add up to, checking that each starts where the previous one ended.</summary>
    public static string Text(IEnumerable<StreamEvent> events, int start = 0)
    {
        var text = new StringBuilder();
        foreach (var chunk in events.Where(e => e.Type == "chunk"))
        {
            if (chunk.Offset != start + text.Length)
                throw new InvalidDataException($"A chunk starts at {chunk.Offset}, but the text so far ends at {start + text.Length}.");
            text.Append(chunk.Delta);
            if (chunk.Length != start + text.Length || chunk.Id != chunk.EventIdOfLength)
                throw new InvalidDataException($"A chunk says length {chunk.Length} and id {chunk.Id}, but the text so far ends at {start + text.Length}.");
        }
        return text.ToString();
    }
}
