using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Blazar.Extensions;

namespace Blazar.Tests.Redis;

/// <summary>
/// A viewer of <c>GET /api/reports/{id}/events</c>: keeps the text it was sent, and checks that every chunk
/// starts exactly where the text so far ends (no gap, no repeat) and that progress never goes down.
/// </summary>
internal sealed class LiveViewer
{
    private readonly StringBuilder _text = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private int _progress;

    private LiveViewer(int start) => Start = start;

    /// <summary>Where this viewer started (its Last-Event-ID).</summary>
    public int Start { get; }

    public string Text
    {
        get
        {
            lock (_gate)
                return _text.ToString();
        }
    }

    public int Length => Start + Text.Length;

    public string? EndEvent { get; private set; }

    public JsonElement EndData { get; private set; }

    public List<string> Problems { get; } = [];

    public Task Ended => _ended.Task;

    public static LiveViewer Follow(HttpClient http, string id, int? lastEventId, CancellationToken cancellationToken)
    {
        var stream = new LiveViewer(lastEventId ?? 0);
        _ = stream.RunAsync(http, id, lastEventId, cancellationToken);
        return stream;
    }

    public async Task WaitForLengthAsync(int length, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (Length < length && !Ended.IsCompleted)
            await Task.Delay(20, deadline.Token);
    }

    private async Task RunAsync(HttpClient http, string id, int? lastEventId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/{id}/events");
            if (lastEventId is { } last)
                request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
            {
                if (item.EventType == "chunk")
                    Take(JsonSerializer.Deserialize<ChunkData>(item.Data, BlazarJson.Options)!, item.EventId);
                else if (item.EventType is "done" or "error")
                {
                    EndEvent = item.EventType;
                    EndData = JsonSerializer.Deserialize<JsonElement>(item.Data);
                    break;
                }
            }
            _ended.TrySetResult();
        }
        catch (Exception ex)
        {
            _ended.TrySetException(ex);
        }
    }

    private void Take(ChunkData chunk, string? eventId)
    {
        lock (_gate)
        {
            var length = Start + _text.Length;
            if (chunk.Offset != length)
                Problems.Add($"chunk at {chunk.Offset} while the text ends at {length}");
            if (chunk.Length != chunk.Offset + chunk.Delta.Length || eventId != chunk.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
                Problems.Add($"chunk {eventId} at {chunk.Offset}+{chunk.Delta.Length} claims length {chunk.Length}");
            if (chunk.Progress < _progress)
                Problems.Add($"progress went from {_progress} to {chunk.Progress}");
            _progress = chunk.Progress;
            _text.Append(chunk.Delta);
        }
    }

    private sealed record ChunkData(string Delta, int Offset, int Length, int Progress);
}
