using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Blazar.Generation;

/// <summary>
/// The reports waiting for a writer, in order. Bounded by places: a report takes a place before it changes state
/// (<see cref="TryReserve"/>), so a full queue refuses it and nothing is left half-queued; a report withdrawn while
/// it waits (stopped, deleted) gives its place back at once, and the worker skips it.
/// </summary>
internal sealed class GenerationQueue(IOptions<GenerationOptions> options)
{
    // A place's ticket is 0 while reserved, then the number of its latest submission: an entry left in the channel
    // by an earlier submission (the report was withdrawn and queued again) no longer matches and is skipped.
    private readonly Channel<(string Id, long Ticket)> _ids = Channel.CreateUnbounded<(string, long)>();
    private readonly Dictionary<string, long> _places = [];
    private readonly Lock _gate = new();
    private long _tickets;

    /// <summary>Reports holding a place (reserved or waiting).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _places.Count;
        }
    }

    /// <summary>Takes a place for a report; false when every place is taken. A report already holding one keeps it.</summary>
    public bool TryReserve(string reportId) => Reserve(reportId) != Reservation.Full;

    /// <summary>
    /// Takes a place for a report, telling whether this call took it: a caller that finds the place already held
    /// (another request queued the report first) must leave it alone, since withdrawing it would strand that request.
    /// </summary>
    public Reservation Reserve(string reportId)
    {
        lock (_gate)
        {
            if (_places.ContainsKey(reportId))
                return Reservation.AlreadyHeld;
            return _places.Count < options.Value.MaxQueuedGenerations && _places.TryAdd(reportId, 0) ? Reservation.Taken : Reservation.Full;
        }
    }

    /// <summary>
    /// Hands a report that holds a place to the workers; false when it no longer holds one (stopped or deleted since it
    /// took its place: whoever withdrew it has dealt with it).
    /// </summary>
    public bool Submit(string reportId)
    {
        long ticket;
        lock (_gate)
        {
            if (!_places.ContainsKey(reportId))
                return false;
            _places[reportId] = ticket = ++_tickets;
        }
        _ids.Writer.TryWrite((reportId, ticket));
        return true;
    }

    /// <summary>Takes a place and hands the report to the workers; false when the queue is full.</summary>
    public bool TryEnqueue(string reportId)
    {
        return TryReserve(reportId) && Submit(reportId);
    }

    /// <summary>Gives a report's place back (it was stopped or deleted while it waited, or never submitted).</summary>
    public void Withdraw(string reportId)
    {
        lock (_gate)
            _places.Remove(reportId);
    }

    /// <summary>The reports to write, in order; a report withdrawn while it waited is skipped.</summary>
    public async IAsyncEnumerable<string> DequeueAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (reportId, ticket) in _ids.Reader.ReadAllAsync(cancellationToken))
        {
            bool current;
            lock (_gate)
                current = _places.TryGetValue(reportId, out var held) && held == ticket && _places.Remove(reportId);
            if (current)
                yield return reportId;
        }
    }
}

internal enum Reservation
{
    Taken,
    AlreadyHeld,
    Full,
}
