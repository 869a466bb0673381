using Blazar.Reports;
using Blazar.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace Blazar.Streaming;

/// <summary>
/// The stored texts that viewers are replaying, shared: a thousand viewers of one finished report hold one copy of
/// its text, not a thousand, while each is sent it slice by slice. Bounded in size; a text is read again when needed.
/// </summary>
internal sealed class StoredTexts(IReportStore store) : IDisposable
{
    /// <summary>The characters kept at most, over all texts.</summary>
    public const long CapacityChars = 64L * 1024 * 1024;

    private readonly MemoryCache _texts = new(new MemoryCacheOptions { SizeLimit = CapacityChars });

    public async Task<string> GetAsync(Report report, CancellationToken cancellationToken)
    {
        // A version's text changes only when it is written again, which changes its completion time or length.
        var key = (report.Id, report.Version, report.Length, report.CompletedAt);
        if (_texts.TryGetValue(key, out string? text) && text is not null)
            return text;
        text = await store.GetTextAsync(report.Id, report.Version, cancellationToken) ?? "";
        if (text.Length <= CapacityChars / 4)
            _texts.Set(key, text, new MemoryCacheEntryOptions { Size = Math.Max(1, text.Length), SlidingExpiration = TimeSpan.FromSeconds(30) });
        return text;
    }

    public void Dispose() => _texts.Dispose();
}
