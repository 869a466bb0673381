using System.Collections.Concurrent;

namespace Blazar.Bench.Soak;

/// <summary>What the soak counts, from every task at once.</summary>
internal sealed class SoakCounters
{
    public int LostChunks;
    public int RepeatedChunks;
    public int Resets;
    public int Reconnects;
    public int Verified;
    public int Mismatches;
    public int DeletedBeforeCheck;
    public int Created;
    public int Done;
    public int ContinuedBySlots;

    private readonly ConcurrentDictionary<string, OperationCount> _operations = new();
    private readonly ConcurrentQueue<string> _notes = new();

    public IReadOnlyDictionary<string, OperationCount> Operations => _operations;

    public IEnumerable<string> Notes => _notes;

    public int ServerErrors => _operations.Values.Sum(o => o.ServerErrors);

    /// <summary>Records an answer to an operation (its status and how long it took).</summary>
    public void Answered(string operation, int status, int micros)
    {
        var count = _operations.GetOrAdd(operation, _ => new OperationCount());
        lock (count)
        {
            count.Requests++;
            if (status >= 500)
                count.ServerErrors++;
            if (micros > 0)
                count.Micros.Add(micros);
        }
        if (status >= 500)
            Note($"{operation} answered {status}");
    }

    /// <summary>Keeps the first few things that broke a rule, for the report.</summary>
    public void Note(string what)
    {
        if (_notes.Count < 10)
            _notes.Enqueue(what);
    }

    internal sealed class OperationCount
    {
        public int Requests;
        public int ServerErrors;
        public List<int> Micros { get; } = [];
    }
}
