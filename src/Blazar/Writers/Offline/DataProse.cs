namespace Blazar.Writers.Offline;

/// <summary>
/// Sentences about a table, each written from one kind of fact in <see cref="DataFacts"/>, with the values in the
/// column's own unit. Each method says something the others do not, so sections built from them never repeat.
/// </summary>
internal static class DataProse
{
    /// <summary>What the table is: its rows, its columns and their units.</summary>
    public static string Overview(DataFacts facts)
    {
        var table = facts.Table;
        var rows = facts.TotalRow is null ? table.Rows.Count : table.Rows.Count - 1;
        var named = facts.LabelColumn is { } label ? $", one per {Singular(label.Name.ToLowerInvariant())}" : "";
        var text = $"The data has {Count(rows, "row")}{named}{(facts.TotalRow is null ? "" : " and a total row")}, in {Count(table.Header.Count, "column")}: {List(table.Header.Take(8).Select(Quote))}{(table.Header.Count > 8 ? $" and {table.Header.Count - 8} more" : "")}.";
        var units = facts.Measures.Where(m => Describe(m.Unit).Length > 0).Take(4).Select(m => $"{m.Name} {Describe(m.Unit)}").ToList();
        if (units.Count > 0)
            text += $" Values keep the units they were given: {List(units)}.";
        if (facts.Measures.Count > DataFacts.MaxDescribed)
            text += $" The first {DataFacts.MaxDescribed} of its {facts.Measures.Count} numeric columns are described below; the table holds the rest.";
        return text;
    }

    /// <summary>A column's range, and its top and bottom rows when there are enough to rank.</summary>
    public static string Range(RangeFact fact)
    {
        var unit = fact.Column.Unit;
        if (fact.Count == 1)
            return $"{Capital(fact.Column.Name)} has a single value: {unit.Format(fact.High.Value)} ({fact.High.Label}).";
        if (fact.High.Value == fact.Low.Value)
            return $"{Capital(fact.Column.Name)} is {unit.Format(fact.High.Value)} in all {Number(fact.Count)} rows.";
        var text = $"{Capital(fact.Column.Name)} ranges from {unit.Format(fact.Low.Value)} ({fact.Low.Label}) to {unit.Format(fact.High.Value)} ({fact.High.Label}).";
        if (fact.Top.Count > 1)
            text += $" The highest three are {List(fact.Top.Select(v => $"{v.Label} ({unit.Format(v.Value)})"))}; the lowest three are {List(fact.Bottom.Select(v => $"{v.Label} ({unit.Format(v.Value)})"))}.";
        return text;
    }

    /// <summary>How a measure moved from one period to the next, in total where a total means something, and row by row.</summary>
    public static string Change(ChangeFact fact)
    {
        var unit = fact.Later.Unit;
        var what = fact.Later.Stem.Length > 0 ? fact.Later.Stem : "the value";
        var span = $"from {Period(fact.Earlier)} to {Period(fact.Later)}";
        var text = fact.TotalBefore is { } before && fact.TotalAfter is { } after
            ? $"In total, {what} went from {unit.Format(before)} in {Period(fact.Earlier)} to {unit.Format(after)} in {Period(fact.Later)} ({unit.FormatChange(after - before)}{(before == 0 ? "" : ", " + ColumnUnit.Share((after - before) / Math.Abs(before), signed: true))})."
            : $"{Capital(span)}, {what} rose in {Number(fact.Rose)} of {Number(fact.Compared)} rows and fell in {Number(fact.Fell)}.";
        if (fact.Rise is { } rise)
            text += $" The largest rise was {rise.Label}'s, {Moved(unit, rise.Before, rise.After)}.";
        if (fact.Fall is { } fall)
            text += $" The largest fall was {fall.Label}'s, {Moved(unit, fall.Before, fall.After)}.";
        if (fact.TotalBefore is not null)
            text += $" {Capital(Count(fact.Rose, "row"))} rose and {Number(fact.Fell)} fell.";
        return text;
    }

    /// <summary>How much of a total the largest rows hold.</summary>
    public static string Share(ShareFact fact)
    {
        var unit = fact.Column.Unit;
        var total = fact.StatedTotal ? $"the stated total of {unit.Format(fact.Total)}" : $"the total of {unit.Format(fact.Total)}";
        var text = $"Of {total} in {fact.Column.Name}, {fact.Leader.Label} holds the largest share, {ColumnUnit.Share(fact.LeaderShare)}";
        return fact.TopCount > 1
            ? text + $", and the top {Number(fact.TopCount)} together hold {ColumnUnit.Share(fact.TopShare)}."
            : text + ".";
    }

    /// <summary>Which rows are below zero, when some are and some are not.</summary>
    public static string Signs(SignFact fact)
    {
        var unit = fact.Column.Unit;
        var named = List(fact.Negatives.Select(v => $"{v.Label} ({unit.Format(v.Value)})"));
        return fact.Count == 1
            ? $"{Capital(fact.Column.Name)} is negative in only one row: {named}."
            : $"{Capital(fact.Column.Name)} is negative in {Number(fact.Count)} of {Number(fact.Of)} rows: {named}{(fact.Count > fact.Negatives.Count ? " and others" : "")}.";
    }

    /// <summary>The empty cells, which every figure leaves out.</summary>
    public static string? Gaps(DataFacts facts) => facts.EmptyCount == 0 ? null
        : $"{Capital(Count(facts.EmptyCount, "cell"))} {(facts.EmptyCount == 1 ? "is" : "are")} empty ({List(facts.EmptyCells.Select(e => $"{e.Column} for {e.Row}"))}{(facts.EmptyCount > facts.EmptyCells.Count ? ", among others" : "")}); the figures in this report leave {(facts.EmptyCount == 1 ? "it" : "them")} out rather than count {(facts.EmptyCount == 1 ? "it" : "them")} as zero.";

    /// <summary>The one thing a reader should take from the data, for the opening section.</summary>
    public static string? Headline(DataFacts facts)
    {
        if (facts.Changes.FirstOrDefault() is { } change)
        {
            var unit = change.Later.Unit;
            var what = change.Later.Stem.Length > 0 ? change.Later.Stem : "the value";
            return change.TotalBefore is { } before && change.TotalAfter is { } after
                ? $"The headline from the data: {what} {(after >= before ? "grew" : "shrank")} between {Period(change.Earlier)} and {Period(change.Later)}, to {unit.Format(after)} overall."
                : $"The headline from the data: between {Period(change.Earlier)} and {Period(change.Later)}, {what} moved up in {Count(change.Rose, "row")} and down in {change.Fell}.";
        }
        if (facts.Shares.FirstOrDefault() is { } share)
            return $"The headline from the data: {share.Leader.Label} leads on {share.Column.Name.ToLowerInvariant()}, with {share.Column.Unit.Format(share.Leader.Value)} of {share.Column.Unit.Format(share.Total)}.";
        return facts.Ranges.FirstOrDefault() is { } range && range.Count > 1
            ? $"The headline from the data: {range.High.Label} is highest on {range.Column.Name.ToLowerInvariant()} and {range.Low.Label} lowest."
            : null;
    }

    /// <summary>Where to look next, drawn from the largest movements and the weakest rows, for the closing section.</summary>
    public static IEnumerable<string> NextSteps(DataFacts facts)
    {
        foreach (var change in facts.Changes.Take(2))
        {
            var what = change.Later.Stem.Length > 0 ? change.Later.Stem : "the value";
            if (change.Fall is { } fall)
                yield return $"Start with {fall.Label}: no row lost more {what} between {Period(change.Earlier)} and {Period(change.Later)}, and finding out why is the first step.";
            if (change.Rise is { } rise)
                yield return $"Learn from {rise.Label}, whose {what} grew fastest; what worked there may carry over to the other rows.";
        }
        foreach (var sign in facts.Signs.Take(1))
            yield return $"Treat the negative {sign.Column.Name.ToLowerInvariant()} in {List(sign.Negatives.Take(2).Select(v => v.Label))} as a question to answer before the next review.";
        if (facts.Changes.Count == 0 && facts.Ranges.FirstOrDefault(r => r.Count > 1) is { } range)
            yield return $"Compare {range.Low.Label} with {range.High.Label}: the gap between them on {range.Column.Name.ToLowerInvariant()}, {range.Column.Unit.FormatChange(range.High.Value - range.Low.Value).TrimStart('+')}, is the widest in that column.";
        if (facts.EmptyCount > 0)
            yield return $"Fill in the {Count(facts.EmptyCount, "empty cell")} so the next version of these figures is complete.";
    }

    internal static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            2 => $"{list[0]} and {list[1]}",
            _ => string.Join(", ", list[..^1]) + " and " + list[^1],
        };
    }

    private static string Moved(ColumnUnit unit, double before, double after)
    {
        var change = unit.FormatChange(after - before);
        if (unit.Percent || before == 0)
            return $"{unit.Format(before)} to {unit.Format(after)} ({change})";
        return $"{unit.Format(before)} to {unit.Format(after)} ({change}, {ColumnUnit.Share((after - before) / Math.Abs(before), signed: true)})";
    }

    private static string Period(DataColumn column) => column.PeriodText.Length <= 24 ? column.PeriodText : column.PeriodText[..23] + "…";

    private static string Describe(ColumnUnit unit) => unit switch
    {
        { Percent: true } => "in percent",
        { Prefix: "$" } => "in dollars" + Scale(unit.Suffix),
        { Prefix: "€" } => "in euros" + Scale(unit.Suffix),
        { Prefix: "£" } => "in pounds" + Scale(unit.Suffix),
        { Suffix.Length: > 0 } => "in " + Scale(unit.Suffix).Trim(' ', '(', ')'),
        _ => "",
    };

    private static string Scale(string suffix) => suffix switch { "k" => " (thousands)", "M" => " (millions)", "bn" or "B" => " (billions)", _ => "" };

    private static readonly string[] SmallNumbers = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    private static string Count(int n, string noun) => n == 1 ? $"one {noun}" : $"{Number(n)} {noun}s";

    private static string Number(int n) => n < SmallNumbers.Length ? SmallNumbers[n] : n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Singular(string noun) => noun.EndsWith("ies", StringComparison.Ordinal) ? noun[..^3] + "y" : noun.EndsWith('s') && !noun.EndsWith("ss", StringComparison.Ordinal) ? noun[..^1] : noun;

    private static string Quote(string text) => $"“{text}”";

    internal static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
