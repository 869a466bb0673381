using Blazar.Storage;

namespace Blazar.Tests.Storage;

/// <summary>The thread SQLite's writes run on: one at a time, in order, never on the thread pool, each answering its own caller.</summary>
public sealed class WriterThreadTests
{
    [Fact]
    public async Task Writes_run_one_at_a_time_in_the_order_given_on_a_thread_that_is_not_the_pool()
    {
        using var writer = new WriterThread("test writer");
        var order = new List<int>();
        var running = 0;
        var overlapped = false;
        var onPool = false;
        var writes = Enumerable.Range(0, 200).Select(i => writer.RunAsync(async () =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            onPool |= Thread.CurrentThread.IsThreadPoolThread;
            order.Add(i);
            await Task.Yield(); // a write that does not complete at once is still waited for before the next
            Interlocked.Decrement(ref running);
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(writes);
        Assert.Equal(Enumerable.Range(0, 200), order);
        Assert.False(overlapped);
        Assert.False(onPool);
    }

    [Fact]
    public async Task A_failed_write_fails_its_caller_alone_and_a_cancelled_one_never_runs()
    {
        using var writer = new WriterThread("test writer");
        var hold = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var holding = writer.RunAsync(() => { hold.Wait(); return Task.CompletedTask; }, CancellationToken.None);
        var cancelled = writer.RunAsync(() => { ran = true; return Task.CompletedTask; }, cancel.Token);
        var failing = writer.RunAsync(() => throw new InvalidOperationException("disk full"), CancellationToken.None);
        var after = writer.RunAsync(() => Task.CompletedTask, CancellationToken.None);
        await cancel.CancelAsync();
        hold.Set();
        await holding;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal("disk full", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        await after;
        Assert.False(ran);
    }

    [Fact]
    public async Task A_write_sees_its_callers_async_locals()
    {
        using var writer = new WriterThread("test writer");
        var caller = new AsyncLocal<string> { Value = "the caller's" };
        string? seen = null;
        await writer.RunAsync(() => { seen = caller.Value; return Task.CompletedTask; }, CancellationToken.None);
        Assert.Equal("the caller's", seen);
    }
}
