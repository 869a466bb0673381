namespace Blazar.Writers;

/// <summary>
/// When the model's response last sent a byte (pings included). One per request to the model, carried from the
/// writer down to <c>Providers.StreamActivityHandler</c> in an <see cref="AsyncLocal{T}"/>, so a stall can be told
/// from a slow but living stream without the SDKs having to report it.
/// </summary>
public sealed class StreamActivity(TimeProvider time)
{
    private static readonly AsyncLocal<StreamActivity?> CurrentActivity = new();
    private long _last = time.GetTimestamp();
    private int _started;
    private int _stalled;

    /// <summary>The activity of the model request being made on this async flow, if any.</summary>
    public static StreamActivity? Current
    {
        get => CurrentActivity.Value;
        set => CurrentActivity.Value = value;
    }

    /// <summary>True once a successful response's headers have arrived: from then on, silence is a stall.</summary>
    public bool Started => Volatile.Read(ref _started) == 1;

    /// <summary>True once <see cref="CheckStalled"/> found the stream silent for too long.</summary>
    public bool Stalled => Volatile.Read(ref _stalled) == 1;

    /// <summary>The response began (headers of a successful response arrived).</summary>
    public void Begin()
    {
        Touch();
        Volatile.Write(ref _started, 1);
    }

    /// <summary>When bytes last arrived (a <see cref="TimeProvider"/> timestamp).</summary>
    public long LastByteAt => Interlocked.Read(ref _last);

    /// <summary>Bytes arrived.</summary>
    public void Touch() => Interlocked.Exchange(ref _last, time.GetTimestamp());

    /// <summary>Whether the started stream has been silent for <paramref name="timeout"/>; remembers a stall once found.</summary>
    public bool CheckStalled(TimeSpan timeout)
    {
        if (Started && time.GetElapsedTime(Interlocked.Read(ref _last)) >= timeout)
            Volatile.Write(ref _stalled, 1);
        return Stalled;
    }
}
