using DiffPlex;
using DiffPlex.Chunkers;

namespace Blazar.Reports.Api;

/// <summary>
/// Two versions of a report compared section by section (split at <c>&lt;h2&gt;</c>, matched by heading), each
/// section's plain text word by word with DiffPlex. Sections larger than <see cref="MaxDiffChars"/> on either side are
/// not diffed word by word: they are marked changed, as all removed and all added, so the cost stays bounded.
/// </summary>
internal static class VersionDiff
{
    public const int MaxDiffChars = 50_000;

    public sealed record Words(string Op, string Text);

    public sealed record Section(string Heading, string Change, IReadOnlyList<Words> Words);

    public sealed record Result(int From, int To, IReadOnlyList<Section> Sections);

    public static Result Compare(int from, string before, int to, string after)
    {
        var old = Split(before);
        var now = Split(after);
        var used = new bool[old.Count];
        var sections = new List<Section>();
        var next = 0; // the first old section not yet placed
        foreach (var (heading, text) in now)
        {
            var match = Enumerable.Range(0, old.Count).FirstOrDefault(i => !used[i] && old[i].Heading == heading, -1);
            if (match < 0)
            {
                sections.Add(new Section(heading, "added", [new Words("added", text)]));
                continue;
            }
            for (; next < match; next++)
                if (!used[next])
                    sections.Add(Removed(old[next], used, next)); // gone from before this one
            used[match] = true;
            next = Math.Max(next, match + 1);
            sections.Add(old[match].Text == text
                ? new Section(heading, "same", [new Words("same", text)])
                : new Section(heading, "changed", WordDiff(old[match].Text, text)));
        }
        for (var i = 0; i < old.Count; i++)
            if (!used[i])
                sections.Add(Removed(old[i], used, i));
        return new Result(from, to, sections);
    }

    private static Section Removed((string Heading, string Text) section, bool[] used, int index)
    {
        used[index] = true;
        return new Section(section.Heading, "removed", [new Words("removed", section.Text)]);
    }

    /// <summary>The words of the text before the first heading (heading ""), then each section's, without its heading.</summary>
    private static List<(string Heading, string Text)> Split(string html)
    {
        var spans = ReportSections.Find(html);
        var parts = new List<(string, string)>();
        var intro = ReportSections.PlainText(html[..(spans.Count > 0 ? spans[0].Start : html.Length)]);
        if (intro.Length > 0)
            parts.Add(("", intro));
        foreach (var span in spans)
        {
            var text = ReportSections.PlainText(html[span.Start..span.End]);
            if (text.StartsWith(span.Heading, StringComparison.Ordinal))
                text = text[span.Heading.Length..].TrimStart();
            parts.Add((span.Heading, text));
        }
        return parts;
    }

    private static List<Words> WordDiff(string before, string after)
    {
        if (before.Length > MaxDiffChars || after.Length > MaxDiffChars)
            return [new Words("removed", before), new Words("added", after)];
        var diff = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
        var words = new List<Words>();
        var position = 0;
        foreach (var block in diff.DiffBlocks)
        {
            Add(words, "same", diff.PiecesNew, position, block.InsertStartB - position);
            Add(words, "removed", diff.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            Add(words, "added", diff.PiecesNew, block.InsertStartB, block.InsertCountB);
            position = block.InsertStartB + block.InsertCountB;
        }
        Add(words, "same", diff.PiecesNew, position, diff.PiecesNew.Count - position);
        return words;
    }

    /// <summary>Appends pieces as one run, joined to the run before when it has the same op.</summary>
    private static void Add(List<Words> words, string op, IReadOnlyList<string> pieces, int start, int count)
    {
        if (count <= 0)
            return;
        var joined = new System.Text.StringBuilder();
        for (var i = start; i < start + count; i++)
            joined.Append(pieces[i]);
        var text = joined.ToString();
        if (words.Count > 0 && words[^1].Op == op)
            words[^1] = words[^1] with { Text = words[^1].Text + text };
        else
            words.Add(new Words(op, text));
    }
}
