using System.Collections.Concurrent;

namespace Blazar.Writers;

/// <summary>
/// Remembers which models accept an assistant prefill (continuing from a trailing assistant message). Models
/// are assumed to accept it when the writer usually does (Claude up to 4.5), until one answers that it does not.
/// </summary>
public sealed class PrefillSupport(bool acceptedByDefault)
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether to continue <paramref name="model"/>'s text with a prefill rather than a user turn.</summary>
    public bool Accepts(string model) => _known.TryGetValue(model, out var accepted) ? accepted : acceptedByDefault;

    /// <summary>The model said it does not support prefill: continue it with user turns from now on.</summary>
    public void Reject(string model) => _known[model] = false;
}
