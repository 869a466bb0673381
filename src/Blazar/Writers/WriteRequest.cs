using Blazar.Reports;

namespace Blazar.Writers;

/// <summary>
/// What a writer is asked for: the report its spec describes, or a revision of it. A whole revision is given the
/// current document and writes a new one; a section revision is given one section's HTML and writes that section alone.
/// </summary>
public sealed record WriteRequest(Spec Spec)
{
    public Revision? Revision { get; init; }

    /// <summary>What is revised: the whole current document, or the current HTML of the section.</summary>
    public string Current { get; init; } = "";

    /// <summary>True when only one section is written (a fragment, not a document).</summary>
    public bool SectionOnly => Revision?.Section is not null;
}
