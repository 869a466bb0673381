using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Blazar.Generation;

/// <summary>The reports waiting for a writer, in order. Bounded: when full, new reports are refused.</summary>
internal sealed class GenerationQueue(IOptions<GenerationOptions> options)
{
    private readonly Channel<string> _ids = Channel.CreateBounded<string>(new BoundedChannelOptions(options.Value.MaxQueuedGenerations)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>How many reports are waiting.</summary>
    public int Count => _ids.Reader.Count;

    public bool TryEnqueue(string reportId) => _ids.Writer.TryWrite(reportId);

    public IAsyncEnumerable<string> DequeueAllAsync(CancellationToken cancellationToken) => _ids.Reader.ReadAllAsync(cancellationToken);
}
