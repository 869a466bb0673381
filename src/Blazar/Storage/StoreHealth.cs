namespace Blazar.Storage;

/// <summary>
/// Whether the store takes writes: a database that still answers reads can refuse writes (a full disk, a read-only
/// file), so the last write's outcome counts in the store's health until a write succeeds again.
/// </summary>
internal sealed class StoreHealth
{
    private volatile Exception? _lastWriteFailure;

    public bool WritesFailing => _lastWriteFailure is not null;

    public Exception? LastWriteFailure => _lastWriteFailure;

    public void WriteSucceeded() => _lastWriteFailure = null;

    public void WriteFailed(Exception exception) => _lastWriteFailure = exception;
}
