using System.Text.RegularExpressions;

namespace Blazar.Writers.Offline;

/// <summary>
/// What a table says, computed once and in one pass per column: per numeric column its range and its top and
/// bottom rows, the change between related columns (Revenue 2024 → Revenue 2025), the shares of a total where
/// a total means something (never of percentages or rates), negative values and empty cells. A row labelled
/// "Total" is the total, not a row to rank.
/// </summary>
internal sealed partial class DataFacts
{
    /// <summary>How many numeric columns are described one by one; the rest are in the table.</summary>
    public const int MaxDescribed = 6;

    private DataFacts(CsvTable table, DataColumn? label, string[] labels, int? totalRow, List<DataColumn> measures)
    {
        Table = table;
        LabelColumn = label;
        Labels = labels;
        TotalRow = totalRow;
        Measures = measures;
    }

    public CsvTable Table { get; }

    /// <summary>The column that names the rows (the first text column, or a year or id column), or null.</summary>
    public DataColumn? LabelColumn { get; }

    /// <summary>Each row's name: its label cell, or "row N".</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The row labelled Total (or All, Overall), if any: used as the total and left out of rankings.</summary>
    public int? TotalRow { get; }

    /// <summary>The numeric columns that measure something, in table order.</summary>
    public IReadOnlyList<DataColumn> Measures { get; }

    public List<RangeFact> Ranges { get; } = [];
    public List<ChangeFact> Changes { get; } = [];
    public List<ShareFact> Shares { get; } = [];
    public List<SignFact> Signs { get; } = [];
    public List<(string Column, string Row)> EmptyCells { get; } = [];
    public int EmptyCount { get; private set; }

    public static DataFacts Read(CsvTable table, CancellationToken cancellationToken = default)
    {
        var columns = new List<DataColumn>(table.Header.Count);
        for (var c = 0; c < table.Header.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            columns.Add(DataColumn.Read(table, c));
        }
        var label = columns.FirstOrDefault(c => !c.IsNumeric) ?? columns.FirstOrDefault(c => c.IsLabelLike);
        var labels = new string[table.Rows.Count];
        int? totalRow = null;
        for (var r = 0; r < labels.Length; r++)
        {
            labels[r] = label is null || table.Rows[r][label.Index].Length == 0 ? $"row {r + 1}" : table.Rows[r][label.Index];
            if (label is not null && totalRow is null && r > 0 && TotalLabel().IsMatch(labels[r]))
                totalRow = r;
        }
        var measures = columns.Where(c => c.IsNumeric && c != label && !c.IsLabelLike).ToList();
        var facts = new DataFacts(table, label, labels, totalRow, measures);
        foreach (var column in measures)
        {
            cancellationToken.ThrowIfCancellationRequested();
            facts.Describe(column);
        }
        facts.Compare(cancellationToken);
        // Of two compared periods only the later one's shares are news; the earlier one's would read as a repeat.
        facts.Shares.RemoveAll(s => facts.Changes.Any(c => c.Earlier == s.Column));
        return facts;
    }

    /// <summary>The rows that count for <paramref name="column"/>: filled, and not the total row.</summary>
    public List<RowValue> Values(DataColumn column)
    {
        var values = new List<RowValue>(Labels.Count);
        for (var r = 0; r < Labels.Count; r++)
            if (r != TotalRow && column.Values![r] is { } v)
                values.Add(new RowValue(Labels[r], v));
        return values;
    }

    private void Describe(DataColumn column)
    {
        var values = Values(column);
        for (var r = 0; r < Labels.Count; r++)
            if (r != TotalRow && column.Values![r] is null)
            {
                EmptyCount++;
                if (EmptyCells.Count < 5)
                    EmptyCells.Add((column.Name, Labels[r]));
            }
        if (values.Count == 0)
            return;
        var ranked = values.OrderByDescending(v => v.Value).ToList(); // n log n in the rows of one column
        var shown = ranked.Count > 5 ? 3 : 1;
        Ranges.Add(new RangeFact(column, ranked[^1], ranked[0], ranked.Take(shown).ToList(), ranked.TakeLast(shown).Reverse().ToList(), values.Count));

        var negatives = ranked.Where(v => v.Value < 0).Reverse().ToList();
        if (negatives.Count > 0 && negatives.Count < values.Count)
            Signs.Add(new SignFact(column, negatives.Take(4).ToList(), negatives.Count, values.Count));

        if (column.IsAdditive && values.Count >= 2)
        {
            var stated = TotalRow is { } t ? column.Values![t] : null;
            var total = stated ?? values.Sum(v => v.Value);
            if (total > 0)
            {
                var top = Math.Min(3, values.Count - 1);
                Shares.Add(new ShareFact(column, total, stated is not null, ranked[0], ranked[0].Value / total, top, ranked.Take(top).Sum(v => v.Value) / total));
            }
        }
    }

    /// <summary>Pairs columns with the same name but for two periods, the earlier first, and compares them row by row.</summary>
    private void Compare(CancellationToken cancellationToken)
    {
        foreach (var group in Measures.Where(m => m.Period is not null).GroupBy(m => (m.Stem, m.Unit.Percent)))
        {
            var ordered = group.OrderBy(m => m.Period).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ordered[i].Period != ordered[i - 1].Period)
                    Changes.Add(Change(ordered[i - 1], ordered[i]));
            }
        }
    }

    private ChangeFact Change(DataColumn earlier, DataColumn later)
    {
        var rows = new List<RowChange>();
        for (var r = 0; r < Labels.Count; r++)
            if (r != TotalRow && earlier.Values![r] is { } before && later.Values![r] is { } after)
                rows.Add(new RowChange(Labels[r], before, after));
        double? totalBefore = null, totalAfter = null;
        if (earlier.IsAdditive && later.IsAdditive && rows.Count > 1)
        {
            totalBefore = TotalRow is { } t && earlier.Values![t] is { } b ? b : rows.Sum(c => c.Before);
            totalAfter = TotalRow is { } u && later.Values![u] is { } a ? a : rows.Sum(c => c.After);
        }
        // Percentages compare in points; amounts by how much they grew relative to where they started.
        Func<RowChange, double> size = earlier.Unit.Percent ? c => c.Delta : c => c.Relative ?? c.Delta;
        var rise = rows.Where(c => c.Delta > 0).MaxBy(size);
        var fall = rows.Where(c => c.Delta < 0).MinBy(size);
        return new ChangeFact(earlier, later, totalBefore, totalAfter, rise, fall, rows.Count(c => c.Delta > 0), rows.Count(c => c.Delta < 0), rows.Count);
    }

    [GeneratedRegex(@"^(grand\s+)?(total|all|overall|sum)$", RegexOptions.IgnoreCase)]
    private static partial Regex TotalLabel();
}

internal readonly record struct RowValue(string Label, double Value);

internal readonly record struct RowChange(string Label, double Before, double After)
{
    public double Delta => After - Before;
    public double? Relative => Before == 0 ? null : (After - Before) / Math.Abs(Before);
}

internal sealed record RangeFact(DataColumn Column, RowValue Low, RowValue High, IReadOnlyList<RowValue> Top, IReadOnlyList<RowValue> Bottom, int Count);

internal sealed record ChangeFact(DataColumn Earlier, DataColumn Later, double? TotalBefore, double? TotalAfter, RowChange? Rise, RowChange? Fall, int Rose, int Fell, int Compared);

internal sealed record ShareFact(DataColumn Column, double Total, bool StatedTotal, RowValue Leader, double LeaderShare, int TopCount, double TopShare);

internal sealed record SignFact(DataColumn Column, IReadOnlyList<RowValue> Negatives, int Count, int Of);
