using System.ComponentModel.DataAnnotations;

namespace Blazar.Streaming;

/// <summary>How report and hub streams treat their viewers (<c>Blazar</c> section).</summary>
public sealed class StreamingOptions
{
    /// <summary>
    /// A viewer that has not taken an event within this many seconds is dropped, so a client that stops reading pins
    /// no more than one event; it can come back with <c>Last-Event-ID</c> and lose nothing.
    /// </summary>
    [Range(1, 3600)]
    public int SlowViewerTimeoutSeconds { get; set; } = 30;
}
