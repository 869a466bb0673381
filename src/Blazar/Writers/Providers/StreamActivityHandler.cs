namespace Blazar.Writers.Providers;

/// <summary>Reports every byte of a model's response to the <see cref="StreamActivity"/> of the request that asked for it.</summary>
internal sealed class StreamActivityHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var activity = StreamActivity.Current;
        var response = await base.SendAsync(request, cancellationToken);
        if (activity is null || !response.IsSuccessStatusCode)
            return response;
        activity.Begin();
        var inner = response.Content;
        // Every byte counts as activity; a lone surrogate is repaired before the SDK's parser can refuse it.
        var content = new StreamContent(new ActivityStream(new SurrogateRepairStream(await inner.ReadAsStreamAsync(cancellationToken)), activity));
        foreach (var header in inner.Headers)
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content = content;
        return response;
    }

    /// <summary>A read-only stream that touches the activity whenever bytes arrive.</summary>
    private sealed class ActivityStream(Stream inner, StreamActivity activity) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Seen(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Seen(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        private int Seen(int read)
        {
            if (read > 0)
                activity.Touch();
            return read;
        }
    }
}
