using System.Collections.Concurrent;

namespace Blazar.Generation;

/// <summary>The generations running in this process, so a cancel can reach them.</summary>
internal sealed class RunningGenerations
{
    private readonly ConcurrentDictionary<string, Running> _running = new();

    public Running Register(string reportId, CancellationToken stopping)
    {
        var running = new Running(CancellationTokenSource.CreateLinkedTokenSource(stopping));
        _running[reportId] = running;
        return running;
    }

    public void Unregister(string reportId, Running running)
    {
        _running.TryRemove(new(reportId, running));
        running.Finished.TrySetResult();
        running.Cancellation.Dispose();
    }

    /// <summary>Asks a running generation to stop; returns when it has stopped, or false if it is not running here.</summary>
    public async Task<bool> CancelAsync(string reportId, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!_running.TryGetValue(reportId, out var running))
            return false;
        running.CancelledByUser = true;
        try
        {
            await running.Cancellation.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // It finished meanwhile.
        }
        await running.Finished.Task.WaitAsync(wait, cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
        return true;
    }

    /// <summary>How many reports this process is writing.</summary>
    public int Count => _running.Count;

    public bool IsRunning(string reportId) => _running.ContainsKey(reportId);

    /// <summary>Completes when the run of the report here (if any) has ended and let go of it.</summary>
    public Task WhenEndedAsync(string reportId) =>
        _running.TryGetValue(reportId, out var running) ? running.Finished.Task : Task.CompletedTask;

    internal sealed class Running(CancellationTokenSource cancellation)
    {
        public CancellationTokenSource Cancellation { get; } = cancellation;
        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public volatile bool CancelledByUser;
    }
}
