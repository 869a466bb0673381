using System.Text;
using System.Text.Json;

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

    public Task WaitForLengthAsync(int length, TimeSpan timeout) =>
        Wait.UntilAsync(() => Task.FromResult(Length), n => n >= length || Ended.IsCompleted, timeout, $"the viewer to hold {length} characters");

    private async Task RunAsync(HttpClient http, string id, int? lastEventId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await ReportStream.OpenAsync(
                http, $"/api/reports/{id}/events", lastEventId?.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            await foreach (var item in ReportStream.ReadAsync(response, cancellationToken))
            {
                if (item.Type == "chunk")
                    Take(item);
                else if (item.Type is "done" or "error")
                {
                    EndEvent = item.Type;
                    EndData = item.Data;
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

    private void Take(StreamEvent chunk)
    {
        var eventId = chunk.Id;
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
}
