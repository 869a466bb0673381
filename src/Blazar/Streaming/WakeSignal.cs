using System.Threading.Tasks.Sources;

namespace Blazar.Streaming;

/// <summary>
/// One viewer's wake-up: reused for every wait, so waiting for the next chunk allocates nothing. A pulse that comes
/// while nobody waits is kept, so the next wait returns at once (the waiter then looks for what is new itself).
/// </summary>
internal sealed class WakeSignal : IValueTaskSource
{
    private const int Idle = 0, Waiting = 1, Pulsed = 2;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _state;

    /// <summary>Completes at the next pulse, or at once if one came since the last wait. One waiter at a time.</summary>
    public ValueTask WaitAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Pulsed) == Pulsed)
            return ValueTask.CompletedTask;
        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) != Idle)
        {
            Volatile.Write(ref _state, Idle); // pulsed in between
            return ValueTask.CompletedTask;
        }
        return new ValueTask(this, _core.Version);
    }

    /// <summary>Wakes the waiter (its continuation runs on the thread pool, never on the caller's thread).</summary>
    public void Pulse()
    {
        if (Interlocked.Exchange(ref _state, Pulsed) == Waiting)
        {
            Volatile.Write(ref _state, Idle);
            _core.SetResult(true);
        }
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
