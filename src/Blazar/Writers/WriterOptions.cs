using System.ComponentModel.DataAnnotations;

namespace Blazar.Writers;

/// <summary>Which writer writes reports (<c>Blazar:Writer</c>) and how the offline one paces itself.</summary>
public sealed class WriterOptions
{
    /// <summary><c>offline</c>, <c>anthropic</c> or <c>openai</c>; empty means anthropic when a key is set, else offline.</summary>
    [RegularExpression("^(|offline|anthropic|openai)$", ErrorMessage = "Blazar:Writer must be offline, anthropic or openai.")]
    public string? Writer { get; set; }

    public OfflineWriterOptions Offline { get; set; } = new();
}

/// <summary>The built-in writer (<c>Blazar:Offline</c>).</summary>
public sealed class OfflineWriterOptions
{
    /// <summary>Characters per second it writes at; 0 writes as fast as it can.</summary>
    [Range(0, 10_000_000)]
    public int CharsPerSecond { get; set; } = 4000;
}
