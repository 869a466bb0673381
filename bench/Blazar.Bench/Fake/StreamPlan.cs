namespace Blazar.Bench.Fake;

/// <summary>
/// How the fake model plays a script: the header at once, the body after <see cref="Start"/> completes,
/// at <see cref="DeltasPerSecond"/> (0: as fast as it can), then it waits for <see cref="Finish"/> before ending.
/// </summary>
internal sealed record StreamPlan(Script Script, double DeltasPerSecond, Task Start, Task Finish)
{
    public static StreamPlan Open(Script script, double deltasPerSecond) =>
        new(script, deltasPerSecond, Task.CompletedTask, Task.CompletedTask);

    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Plays the body: calls <paramref name="write"/> with each delta, stamped just before it is written,
    /// and <paramref name="idle"/> every few seconds while it waits for a gate.
    /// </summary>
    public async Task PlayBodyAsync(Func<string, CancellationToken, ValueTask> write, CancellationToken cancellationToken, Func<CancellationToken, ValueTask>? idle = null)
    {
        await WaitAsync(Start, idle, cancellationToken);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var interval = DeltasPerSecond > 0 ? TimeSpan.FromSeconds(1 / DeltasPerSecond) : TimeSpan.Zero;
        for (var i = 0; i < Script.Body.Count; i++)
        {
            if (interval > TimeSpan.Zero)
            {
                // An absolute schedule: a late delta does not push the later ones back.
                var due = interval * i - System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.FromMilliseconds(1))
                    await Task.Delay(due, cancellationToken);
            }
            var delta = Script.Body[i];
            if (Script.Stamped)
                delta = Script.Stamp(delta, System.Diagnostics.Stopwatch.GetTimestamp());
            await write(delta, cancellationToken);
        }
        await WaitAsync(Finish, idle, cancellationToken);
    }

    private static async Task WaitAsync(Task gate, Func<CancellationToken, ValueTask>? idle, CancellationToken cancellationToken)
    {
        while (!gate.IsCompleted)
        {
            if (await Task.WhenAny(gate, Task.Delay(PingInterval, cancellationToken)) != gate && idle is not null)
                await idle(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
