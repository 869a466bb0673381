using Blazar.Reports;

namespace Blazar.Writers.Offline;

/// <summary>
/// How the offline writer revises: a whole revision is the report rendered again with a note of what was asked; a
/// section revision is that one section, its prose written again under the same heading with the same note.
/// Both are the same text every time they are asked for, so a stopped revision continues from its prefill.
/// </summary>
internal static class OfflineRevision
{
    public static string Whole(Spec spec, Revision revision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var html = OfflineReport.Render(spec, now, cancellationToken);
        var header = html.IndexOf("</header>\n", StringComparison.Ordinal);
        return header < 0 ? html : html.Insert(header + "</header>\n".Length, Note(revision));
    }

    public static string Section(Spec spec, Revision revision, string heading)
    {
        var sections = spec.Sections;
        var index = -1;
        for (var i = 0; i < sections.Count && index < 0; i++)
            if (ReportSections.PlainText(sections[i]) == heading)
                index = i;
        var prose = index < 0 ? [] : OfflineProse.Section(spec, sections, index, hasFacts: false);
        var html = new System.Text.StringBuilder("<section>\n<h2>").Append(OfflineReport.E(heading)).Append("</h2>\n").Append(Note(revision));
        foreach (var paragraph in prose)
            html.Append("<p>").Append(OfflineReport.E(paragraph)).Append("</p>\n");
        return html.Append("</section>").ToString();
    }

    private static string Note(Revision revision) =>
        $"<p class=\"revision-note\"><em>Revised as asked: “{OfflineReport.E(revision.Instruction)}”.</em></p>\n";
}
