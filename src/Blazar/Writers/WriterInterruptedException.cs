namespace Blazar.Writers;

/// <summary>The model's stream kept breaking (or stalling) and the writer stopped continuing it.</summary>
public sealed class WriterInterruptedException : Exception
{
    public WriterInterruptedException()
    {
    }

    public WriterInterruptedException(string message) : base(message)
    {
    }

    public WriterInterruptedException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
