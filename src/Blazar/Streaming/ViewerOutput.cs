using System.Buffers;
using System.IO.Pipelines;

namespace Blazar.Streaming;

/// <summary>
/// One viewer's response body. A viewer that has not taken what it was sent within the slow-viewer timeout is
/// dropped: the timer exists only once a flush has had to wait, and is armed only while one waits.
/// </summary>
internal sealed class ViewerOutput(HttpContext context, TimeSpan slowViewerTimeout, TimeProvider time) : IDisposable
{
    private readonly PipeWriter _body = context.Response.BodyWriter;
    private ITimer? _dropTimer;

    public void Write(ReadOnlySpan<byte> bytes) => _body.Write(bytes);

    /// <summary>Sends what was written; false when the viewer has gone.</summary>
    public async ValueTask<bool> FlushAsync()
    {
        var flush = _body.FlushAsync();
        if (flush.IsCompleted)
            return Open(await flush);
        _dropTimer ??= time.CreateTimer(static state => ((HttpContext)state!).Abort(), context, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _dropTimer.Change(slowViewerTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            return Open(await flush);
        }
        finally
        {
            _dropTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _dropTimer?.Dispose();

    private static bool Open(FlushResult result) => !result.IsCompleted && !result.IsCanceled;
}
