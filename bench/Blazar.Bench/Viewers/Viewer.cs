using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Blazar.Bench.Fake;

namespace Blazar.Bench.Viewers;

/// <summary>Which stream a viewer reads: Blazar's report events, or the fake model's own stream (the baseline).</summary>
internal enum StreamKind
{
    Blazar,
    Baseline,
}

/// <summary>
/// One SSE viewer. It stamps each event the moment the parser completes it, reads the fake model's
/// stamps out of the text, and keeps the text (merged by offset, as a browser viewer would) when asked.
/// </summary>
internal sealed class Viewer
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamKind _kind;
    private readonly StringBuilder? _text;
    private readonly List<int> _latencies = [];

    private readonly int _stopAtLength;

    private Viewer(StreamKind kind, bool keepText, int stopAtLength)
    {
        _kind = kind;
        _stopAtLength = stopAtLength;
        _text = keepText ? new StringBuilder() : null;
    }

    /// <summary>Completes when the first text arrives (or the stream fails).</summary>
    public Task FirstChunk => _first.Task;

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Microseconds from the fake writing a stamped delta to this viewer receiving it.</summary>
    public IReadOnlyList<int> Latencies => _latencies;

    public int Events { get; private set; }
    public int Length { get; private set; }

    /// <summary>Characters that never arrived: a chunk started after the end of what this viewer had.</summary>
    public int MissingChars { get; private set; }

    public bool Ended { get; private set; }
    public string? Failure { get; private set; }
    public string Text => _text?.ToString() ?? "";

    /// <summary>When the viewer saw the end of the stream (Stopwatch ticks), 0 until then.</summary>
    public long EndedAt { get; private set; }

    public long StartedAt { get; private set; }

    /// <summary>When the first text arrived (Stopwatch ticks), 0 until then.</summary>
    public long FirstAt { get; private set; }

    /// <summary>When the viewer first held the length it was asked to stop at (Stopwatch ticks).</summary>
    public long ReachedAt { get; private set; }

    public static Viewer Start(HttpClient http, Uri url, StreamKind kind, bool keepText, SemaphoreSlim? connecting, CancellationToken cancellationToken, int stopAtLength = int.MaxValue)
    {
        var viewer = new Viewer(kind, keepText, stopAtLength);
        viewer.Completion = viewer.RunAsync(http, url, connecting, cancellationToken);
        return viewer;
    }

    private async Task RunAsync(HttpClient http, Uri url, SemaphoreSlim? connecting, CancellationToken cancellationToken)
    {
        try
        {
            HttpResponseMessage response;
            if (connecting is not null)
                await connecting.WaitAsync(cancellationToken);
            try
            {
                StartedAt = Stopwatch.GetTimestamp();
                response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            finally
            {
                connecting?.Release();
            }
            using (response)
            {
                response.EnsureSuccessStatusCode();
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                var parser = SseParser.Create(stream, Received.Parse);
                await foreach (var item in parser.EnumerateAsync(cancellationToken))
                {
                    if (Take(item.Data))
                        break;
                }
            }
            if (!Ended)
                Failure ??= "the stream closed before its end";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Failure ??= Ended ? null : "stopped";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException)
        {
            Failure = ex.GetType().Name + ": " + ex.Message;
        }
        finally
        {
            _first.TrySetResult();
        }
    }

    /// <summary>Takes one event; true at the end of the stream.</summary>
    private bool Take(Received item)
    {
        switch (item.Kind)
        {
            case Received.What.Text:
                if (Events++ == 0)
                    FirstAt = item.At;
                var delta = item.Delta!;
                var offset = _kind == StreamKind.Blazar ? item.Offset : Length;
                if (offset > Length)
                    MissingChars += offset - Length;
                var skip = Math.Max(0, Length - offset);
                if (skip < delta.Length)
                {
                    _text?.Append(delta, skip, delta.Length - skip);
                    Length = offset + delta.Length;
                }
                Script.ReadStamps(delta, ticks => _latencies.Add((int)Math.Min(int.MaxValue, (item.At - ticks) * 1_000_000 / Stopwatch.Frequency)));
                _first.TrySetResult();
                if (Length < _stopAtLength)
                    return false;
                ReachedAt = item.At;
                Ended = true;
                return true;
            case Received.What.End:
                Ended = true;
                EndedAt = item.At;
                return true;
            case Received.What.Error:
                Failure = "error event: " + item.Delta;
                return true;
            default:
                return false;
        }
    }

    /// <summary>One parsed event, stamped when the parser completed it.</summary>
    private readonly record struct Received(Received.What Kind, string? Delta, int Offset, long At)
    {
        public enum What
        {
            Other,
            Text,
            End,
            Error,
        }

        public static Received Parse(string type, ReadOnlySpan<byte> data)
        {
            var at = Stopwatch.GetTimestamp();
            return type switch
            {
                "chunk" => FromChunk(data, at),
                "content_block_delta" => new Received(What.Text, DeltaText(data), 0, at),
                "done" or "message_stop" => new Received(What.End, null, 0, at),
                "error" => new Received(What.Error, Encoding.UTF8.GetString(data), 0, at),
                _ => new Received(What.Other, null, 0, at),
            };
        }

        /// <summary>Blazar's <c>chunk</c>: <c>{"delta":…,"offset":…,…}</c>.</summary>
        private static Received FromChunk(ReadOnlySpan<byte> data, long at)
        {
            var reader = new Utf8JsonReader(data);
            string? delta = null;
            var offset = 0;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                    continue;
                if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    delta = reader.GetString();
                }
                else if (reader.ValueTextEquals("offset"u8))
                {
                    reader.Read();
                    offset = reader.GetInt32();
                }
            }
            return new Received(What.Text, delta ?? "", offset, at);
        }

        /// <summary>The fake model's <c>content_block_delta</c>: <c>{"delta":{"text":…}}</c>.</summary>
        private static string DeltaText(ReadOnlySpan<byte> data)
        {
            var reader = new Utf8JsonReader(data);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2 && reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    return reader.GetString() ?? "";
                }
            }
            return "";
        }
    }
}
