using System.Collections.Concurrent;

namespace Blazar.Storage;

/// <summary>
/// One thread of its own that runs a database's writes one after another, for a database that takes one writer at a
/// time and whose driver waits with its thread. Microsoft.Data.Sqlite's "async" calls run synchronously, so a write
/// holds its thread while SQLite commits to disk (an fsync). On the thread pool, 100 reports saving every 2 s kept a
/// pool thread in fsync most of the time, and viewers' sends waited behind it (the relay's 100 reports × 10 viewers:
/// p99 80–95 ms with the file on disk, 29 ms with it in memory). Here a write waits its turn without a thread, and
/// the disk's waits fall on this thread alone.
/// </summary>
internal sealed class WriterThread : IDisposable
{
    private readonly BlockingCollection<Action> _writes = [];
    private readonly Thread _thread;

    public WriterThread(string name)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="write"/> on this thread after the writes before it, in the caller's execution context.</summary>
    public Task RunAsync(Func<Task> write, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = ExecutionContext.Capture();
        void Write()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
                return;
            }
            try
            {
                // The driver completes synchronously; anything that does not is waited for here, as writes go one at a time.
                write().GetAwaiter().GetResult();
                done.TrySetResult();
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        }
        try
        {
            _writes.Add(context is null ? Write : () => ExecutionContext.Run(context, static state => ((Action)state!)(), (Action)Write), CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(WriterThread), "The database is closing: no more writes are taken.");
        }
        return done.Task;
    }

    public void Dispose()
    {
        _writes.CompleteAdding(); // the writes already taken still run
        if (Thread.CurrentThread != _thread)
            _thread.Join(TimeSpan.FromSeconds(30));
        _writes.Dispose();
    }

    private void Run()
    {
        foreach (var write in _writes.GetConsumingEnumerable())
            write();
    }
}
