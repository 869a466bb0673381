using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace Blazar.Bench.Soak;

/// <summary>How one connection of a <see cref="SoakViewer"/> ended.</summary>
internal enum StreamEnd
{
    Done,
    Stopped,
    Gone,
    Closed,
}

/// <summary>
/// One viewer of the soak, as a browser's viewer behaves: it merges chunks by offset, drops what a <c>reset</c> voids,
/// and comes back with <c>Last-Event-ID</c> after a stream closes or the report is stopped and continued. A chunk that
/// starts beyond what it holds is text lost; one that starts before it (with no reset) is text repeated.
/// </summary>
internal sealed class SoakViewer(HttpClient http, Uri address, string reportId, SoakCounters counters)
{
    private readonly StringBuilder _text = new();

    public string Text => _text.ToString();

    /// <summary>Follows the stream once, from what it holds, until it ends or closes.</summary>
    public async Task<StreamEnd> FollowAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, $"/api/reports/{reportId}/events"));
        if (_text.Length > 0)
            request.Headers.Add("Last-Event-ID", _text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            counters.Answered("events", (int)response.StatusCode, 0);
            if ((int)response.StatusCode == 404)
                return StreamEnd.Gone;
            if (!response.IsSuccessStatusCode)
                return StreamEnd.Closed;
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
            {
                switch (item.EventType)
                {
                    case "chunk":
                        Take(item.Data);
                        break;
                    case "reset":
                        using (var reset = JsonDocument.Parse(item.Data))
                        {
                            var length = reset.RootElement.GetProperty("length").GetInt32();
                            if (length < _text.Length)
                                _text.Length = length;
                            Interlocked.Increment(ref counters.Resets);
                        }
                        break;
                    case "done":
                        return StreamEnd.Done;
                    case "error":
                        using (var error = JsonDocument.Parse(item.Data))
                            return error.RootElement.TryGetProperty("status", out _) ? StreamEnd.Stopped : StreamEnd.Gone;
                }
            }
            return StreamEnd.Closed;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref counters.Reconnects);
            return StreamEnd.Closed;
        }
    }

    private void Take(string data)
    {
        using var chunk = JsonDocument.Parse(data);
        var delta = chunk.RootElement.GetProperty("delta").GetString() ?? "";
        var offset = chunk.RootElement.GetProperty("offset").GetInt32();
        if (offset > _text.Length)
        {
            Interlocked.Increment(ref counters.LostChunks);
            counters.Note($"report {reportId}: a chunk at {offset} while the viewer held {_text.Length} characters");
            return;
        }
        if (offset < _text.Length)
        {
            Interlocked.Increment(ref counters.RepeatedChunks);
            counters.Note($"report {reportId}: a chunk at {offset} while the viewer held {_text.Length} characters");
        }
        var skip = _text.Length - offset;
        if (skip < delta.Length)
            _text.Append(delta, skip, delta.Length - skip);
    }
}
