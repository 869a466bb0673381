using Blazar.Hub;
using Blazar.Reports;

namespace Blazar.Generation;

/// <summary>
/// Tells the hub how far a report being written is, at most once per interval, and always the latest state after a
/// burst: a writer that pauses mid-way leaves the hub showing where it stopped, not where the last send fell.
/// </summary>
internal sealed class ProgressPublisher(IHubFeed hub, TimeProvider time, TimeSpan interval, CancellationToken stopping) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _ended = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private ReportEntry? _pending;
    private Task _sending = Task.CompletedTask;
    private long _lastSent = time.GetTimestamp();

    /// <summary>The report changed; the hub hears of it now if the interval has passed, else when it does.</summary>
    public void Changed(ReportEntry entry)
    {
        lock (_lock)
        {
            var idle = _pending is null;
            _pending = entry;
            if (idle)
                _sending = SendAsync(interval - time.GetElapsedTime(_lastSent));
        }
    }

    private async Task SendAsync(TimeSpan wait)
    {
        try
        {
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, _ended.Token);
            ReportEntry entry;
            lock (_lock)
            {
                entry = _pending!;
                _pending = null;
                _lastSent = time.GetTimestamp();
            }
            await hub.PublishAsync(HubMessage.Changed(entry), _ended.Token);
        }
        catch (OperationCanceledException)
        {
            // The run ended: its final state is published by the runner.
        }
    }

    /// <summary>Drops what was not sent yet (the runner publishes the final state next) and waits for a send under way.</summary>
    public async ValueTask DisposeAsync()
    {
        await _ended.CancelAsync();
        Task sending;
        lock (_lock)
            sending = _sending;
        await sending;
        _ended.Dispose();
    }
}
