using System.Collections.Concurrent;
using System.Text;

namespace Blazar.Streaming;

/// <summary>
/// The in-process chunk log. Every reader of a report waits on one shared signal, so a thousand viewers
/// cost a thousand awaiters, not a thousand queues. A log that has ended is forgotten after a grace
/// period; by then the store holds its text and readers are served from there.
/// </summary>
internal sealed class MemoryChunkLog(TimeProvider time) : IChunkLog
{
    private static readonly TimeSpan EndedLogLifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, ReportLog> _logs = new();

    public ValueTask OpenAsync(string reportId, int version, string seedText, bool resumed, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_logs.TryGetValue(reportId, out var previous))
            {
                if (_logs.TryAdd(reportId, new ReportLog(seedText, resumed, version)))
                    break;
            }
            else if (!previous.HasEnded)
            {
                break; // kept: it holds at least what the store has
            }
            else if (_logs.TryUpdate(reportId, new ReportLog(seedText, resumed, version), previous))
            {
                previous.Retire();
                break;
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<Chunk> AppendAsync(string reportId, string delta, int progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(delta);
        return ValueTask.FromResult(Get(reportId).Append(delta, progress));
    }

    public ValueTask<LogSlice?> ReadAsync(string reportId, int after, int maxChars, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_logs.TryGetValue(reportId, out var log) ? log.Read(after, maxChars) : null);

    public Task WaitAsync(string reportId, int after, CancellationToken cancellationToken) =>
        _logs.TryGetValue(reportId, out var log) ? log.WaitAsync(after, cancellationToken) : Task.CompletedTask;

    public ValueTask EndAsync(string reportId, LogEnd end, CancellationToken cancellationToken)
    {
        if (!_logs.TryGetValue(reportId, out var log) || !log.End(end))
            return ValueTask.CompletedTask; // gone, or ended already: the first end stands
        // Forget it later, unless it has been reopened (continued) by then.
        var timer = time.CreateTimer(_ => _logs.TryRemove(new(reportId, log)), null, EndedLogLifetime, Timeout.InfiniteTimeSpan);
        log.OnRetire(timer);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string reportId, CancellationToken cancellationToken)
    {
        if (_logs.TryRemove(reportId, out var log))
            log.Retire();
        return ValueTask.CompletedTask;
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    private ReportLog Get(string reportId) =>
        _logs.TryGetValue(reportId, out var log) ? log : throw new InvalidOperationException($"Report {reportId} has no open log.");

    private sealed class ReportLog(string seed, bool resumed, int version)
    {
        private readonly int? _resumedAt = resumed ? seed.Length : null;
        private readonly Lock _gate = new();
        private readonly StringBuilder _text = new(seed);
        private TaskCompletionSource _changed = NewSignal();
        private int _progress;
        private LogEnd? _end;
        private LogSlice? _lastRead;
        private ITimer? _timer;

        public Chunk Append(string delta, int progress)
        {
            TaskCompletionSource changed;
            Chunk chunk;
            lock (_gate)
            {
                if (_end is not null)
                    throw new InvalidOperationException("The log has ended.");
                chunk = new Chunk(_text.Length, delta, progress);
                _text.Append(delta);
                _progress = progress;
                changed = _changed;
                _changed = NewSignal();
            }
            changed.TrySetResult();
            return chunk;
        }

        public LogSlice Read(int after, int maxChars)
        {
            lock (_gate)
            {
                var start = Math.Clamp(after, 0, _text.Length);
                var count = Math.Min(_text.Length - start, maxChars);
                if (count > 1 && start + count < _text.Length && char.IsHighSurrogate(_text[start + count - 1]))
                    count--; // never half a surrogate pair
                var end = start + count == _text.Length ? _end : null;
                // Viewers that keep up all ask for the same new text: they share one slice (and its serialized event).
                if (_lastRead is { } last && last.Offset == start && last.Text.Length == count && last.Progress == _progress && last.End == end)
                    return last;
                return _lastRead = new LogSlice(start, _text.ToString(start, count), _progress, end) { ResumedAt = _resumedAt, Version = version };
            }
        }

        public Task WaitAsync(int after, CancellationToken cancellationToken)
        {
            Task changed;
            lock (_gate)
            {
                if (_end is not null || _text.Length > after)
                    return Task.CompletedTask;
                changed = _changed.Task;
            }
            return changed.WaitAsync(cancellationToken);
        }

        public bool HasEnded
        {
            get
            {
                lock (_gate)
                    return _end is not null;
            }
        }

        /// <summary>Ends the log; false when it had ended already.</summary>
        public bool End(LogEnd end)
        {
            TaskCompletionSource changed;
            lock (_gate)
            {
                if (_end is not null)
                    return false;
                _end = end;
                changed = _changed;
            }
            changed.TrySetResult();
            return true;
        }

        public void OnRetire(ITimer timer)
        {
            lock (_gate)
                _timer = timer;
        }

        /// <summary>Replaced or removed: wake its readers so they look again, and stop its timer.</summary>
        public void Retire()
        {
            lock (_gate)
                _timer?.Dispose();
            _changed.TrySetResult();
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
