namespace Blazar.Streaming;

/// <summary>
/// A shared chunk log did not answer (restarting, unreachable, frozen). What it holds is intact, so a reader
/// waits and asks again rather than giving up on the report.
/// </summary>
public sealed class ChunkLogUnavailableException : Exception
{
    public ChunkLogUnavailableException()
    {
    }

    public ChunkLogUnavailableException(string message) : base(message)
    {
    }

    public ChunkLogUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ChunkLogUnavailableException(Exception innerException) : this("The chunk log did not answer: " + innerException.Message, innerException)
    {
    }
}
