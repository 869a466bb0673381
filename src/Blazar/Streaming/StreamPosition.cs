using System.Globalization;

namespace Blazar.Streaming;

/// <summary>
/// Where a viewer's text ends: which version of the report it holds and how many characters of it. As an event id it
/// is the sequence number alone for version 1 (<c>17</c>) and <c>version:seq</c> after (<c>2:17</c>), so a
/// reconnect after a revision began is known to hold another version's text.
/// </summary>
public readonly record struct StreamPosition(int Version, int After)
{
    public static StreamPosition Start => new(1, 0);

    public string EventId => Id(Version, After);

    public static string Id(int version, int seq) =>
        version == 1 ? seq.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{version}:{seq}");

    /// <summary>
    /// A viewer's position: its <c>Last-Event-ID</c>, else <c>?after=N</c> with <c>&amp;version=V</c> (a new
    /// EventSource cannot send the header, but the page knows what it holds; without a version it holds version 1),
    /// else the start.
    /// </summary>
    public static StreamPosition From(string? lastEventId, string? after, string? version)
    {
        if (TryParse(lastEventId, out var position))
            return position;
        if (Number(after) is { } seq)
            return new StreamPosition(Number(version) is > 0 and var v ? v : 1, seq);
        return Start;
    }

    public static bool TryParse(string? id, out StreamPosition position)
    {
        position = Start;
        if (string.IsNullOrEmpty(id))
            return false;
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        var version = colon < 0 ? 1 : Number(id[..colon]);
        var seq = Number(colon < 0 ? id : id[(colon + 1)..]);
        if (version is not > 0 || seq is null)
            return false;
        position = new StreamPosition(version.Value, seq.Value);
        return true;
    }

    private static int? Number(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
