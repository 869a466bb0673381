using System.Globalization;
using System.Text.RegularExpressions;

namespace Blazar.Writers.Offline;

/// <summary>
/// One column of a table as the offline writer reads it: its values (null for an empty cell) when every
/// filled cell is a number, the unit they are written in (from the header or the cells), and the period in
/// its header ("Revenue 2024" is revenue in 2024) so that related columns can be compared.
/// </summary>
internal sealed partial class DataColumn
{
    private static readonly HashSet<string> NotAdditive = new(StringComparer.OrdinalIgnoreCase)
    {
        "rate", "ratio", "avg", "average", "mean", "median", "score", "index", "price", "margin", "growth", "change",
        "per", "nps", "rating", "age", "rank", "temperature", "percent", "percentage", "share", "pct", "yield", "churn", "conversion",
    };

    private static readonly HashSet<string> LabelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "year", "yr", "month", "quarter", "date", "day", "week", "period", "id", "no", "#", "code", "zip", "postcode",
    };

    private DataColumn(int index, string header, string name, double?[]? values, ColumnUnit unit, (string Stem, int? Period, string Text) period)
    {
        Index = index;
        Header = header;
        Name = name;
        Values = values;
        Unit = unit;
        Stem = period.Stem;
        Period = period.Period;
        PeriodText = period.Text;
    }

    public int Index { get; }

    /// <summary>The header as written.</summary>
    public string Header { get; }

    /// <summary>The header without its unit: "Revenue ($M)" is "Revenue".</summary>
    public string Name { get; }

    /// <summary>The values, one per row (null where the cell is empty), or null for a column of text.</summary>
    public double?[]? Values { get; }

    public ColumnUnit Unit { get; }

    /// <summary>The header without its period and unit, lower case: what "Revenue 2024" and "Revenue 2025" have in common.</summary>
    public string Stem { get; }

    /// <summary>The period named in the header, as a sortable number (2024 → 20240, Q3 → 3, FY24 Q1 → 20241), or null.</summary>
    public int? Period { get; }

    /// <summary>The period as the header writes it ("2024", "Q3 2024"), or the header itself.</summary>
    public string PeriodText { get; }

    public bool IsNumeric => Values is not null;

    /// <summary>A number that names its row (a year, an id) rather than measures it.</summary>
    public bool IsLabelLike => LabelNames.Contains(Name.Trim());

    /// <summary>Whether adding its values up means something: amounts and counts, not rates, averages or percentages.</summary>
    public bool IsAdditive =>
        Values is not null && !Unit.Percent && Values.All(v => v is null or >= 0)
        && !Words().Matches(Name).Any(w => NotAdditive.Contains(w.Value));

    public static DataColumn Read(CsvTable table, int index)
    {
        var header = table.Header[index];
        var (name, headerUnit) = SplitUnit(header);
        var period = SplitPeriod(name);
        var values = new double?[table.Rows.Count];
        string prefix = headerUnit.Prefix, suffix = headerUnit.Suffix;
        var percent = headerUnit.Percent;
        int decimals = 0, filled = 0;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var cell = table.Rows[r][index];
            if (IsEmpty(cell))
                continue;
            if (!TryNumber(cell, out var value, out var cellUnit))
                return new DataColumn(index, header, name, null, ColumnUnit.None, period);
            values[r] = value;
            filled++;
            decimals = Math.Max(decimals, cellUnit.Decimals);
            percent |= cellUnit.Percent;
            if (prefix.Length == 0)
                prefix = cellUnit.Prefix;
            if (suffix.Length == 0 && !cellUnit.Percent)
                suffix = cellUnit.Suffix;
        }
        if (filled == 0)
            return new DataColumn(index, header, name, null, ColumnUnit.None, period);
        var unit = new ColumnUnit(prefix, percent ? "%" : suffix, percent, Math.Min(2, decimals));
        return new DataColumn(index, header, name, values, unit, period);
    }

    public static bool IsEmpty(string cell) => cell.Length == 0 || cell is "-" or "–" or "—" or "n/a" or "N/A" or "NA" or "na" or "..";

    /// <summary>A cell as a number: signs (−, +, parentheses), currency before or after, %, k/M/bn, thousands commas.</summary>
    public static bool TryNumber(string text, out double value, out ColumnUnit unit)
    {
        unit = ColumnUnit.None;
        if (Plain().IsMatch(text) && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            var point = text.IndexOf('.', StringComparison.Ordinal);
            if (point >= 0)
                unit = unit with { Decimals = text.Length - point - 1 };
            return true; // most cells: plain digits, no unit to find
        }
        var match = Number().Match(text.Trim());
        value = 0;
        if (!match.Success)
            return false;
        var digits = match.Groups["digits"].Value.Replace(",", "", StringComparison.Ordinal);
        if (!double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            return false;
        var negative = match.Groups["sign"].Value is "-" or "\u2212" || match.Groups["open"].Success || match.Groups["sign2"].Value is "-" or "\u2212";
        if (match.Groups["open"].Success != match.Groups["close"].Success)
            return false;
        value = negative ? -value : value;
        var dot = digits.IndexOf('.', StringComparison.Ordinal);
        var currency = match.Groups["cur"].Value + match.Groups["cur2"].Value;
        var scale = match.Groups["scale"].Value;
        unit = new ColumnUnit(currency, scale is "K" ? "k" : scale, match.Groups["pct"].Success, dot < 0 ? 0 : digits.Length - dot - 1);
        return true;
    }

    /// <summary>"Revenue ($M)" → ("Revenue", $ … M); "Growth %" → ("Growth", %); "Sales, €" → ("Sales", €).</summary>
    private static (string Name, ColumnUnit Unit) SplitUnit(string header)
    {
        var match = HeaderUnit().Match(header);
        if (!match.Success)
            return (header, ColumnUnit.None);
        var text = match.Groups["unit"].Value.Trim();
        var percent = text.Contains('%', StringComparison.Ordinal) || text.Equals("percent", StringComparison.OrdinalIgnoreCase) || text.Equals("pct", StringComparison.OrdinalIgnoreCase);
        var prefix = text.StartsWith('$') || text.StartsWith("USD", StringComparison.OrdinalIgnoreCase) ? "$"
            : text.StartsWith('€') || text.StartsWith("EUR", StringComparison.OrdinalIgnoreCase) ? "€"
            : text.StartsWith('£') || text.StartsWith("GBP", StringComparison.OrdinalIgnoreCase) ? "£" : "";
        var rest = text.TrimStart('$', '€', '£').Trim();
        if (prefix.Length > 0 && rest.Length >= 3 && char.IsLetter(rest[0]) && rest[..3].ToUpperInvariant() is "USD" or "EUR" or "GBP")
            rest = rest[3..].Trim();
        var scale = rest switch { "k" or "K" or "thousands" or "000s" => "k", "m" or "M" or "mn" or "millions" => "M", "bn" or "B" or "billions" => "bn", _ => "" };
        if (!percent && prefix.Length == 0 && scale.Length == 0)
            return (header, ColumnUnit.None); // "(North)" or "(est.)": words, not a unit
        var name = header[..match.Index].TrimEnd(' ', ',', '(', '-');
        return (name.Length == 0 ? header : name, new ColumnUnit(prefix, percent ? "%" : scale, percent, 0));
    }

    /// <summary>"Revenue 2024" → ("revenue", 20240); "Q3 sales" → ("sales", 3); "FY25" → ("", 20250).</summary>
    private static (string Stem, int? Period, string Text) SplitPeriod(string name)
    {
        int? period = null;
        var text = new List<string>();
        var stem = PeriodToken().Replace(name, m =>
        {
            var year = m.Groups["year"].Success ? int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture) : 0;
            if (m.Groups["fy"].Success)
                year = 2000 + int.Parse(m.Groups["fy"].Value, CultureInfo.InvariantCulture);
            var part = m.Groups["q"].Success ? int.Parse(m.Groups["q"].Value, CultureInfo.InvariantCulture) : m.Groups["h"].Success ? int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) * 2 : 0;
            period = (period ?? 0) + year * 10 + part;
            text.Add(m.Value);
            return " ";
        });
        return (string.Join(' ', Words().Matches(stem).Select(w => w.Value.ToLowerInvariant())), period, text.Count == 0 ? name : string.Join(' ', text));
    }

    [GeneratedRegex(@"^(?:(?<sign>[-−+])\s*)?(?<open>\()?(?<cur>[$€£])?\s*(?<sign2>[-−+])?(?<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?<scale>k|K|M|bn|B)?\s*(?<cur2>[$€£])?\s*(?<pct>%)?(?<close>\))?$")]
    private static partial Regex Number();

    [GeneratedRegex(@"^-?\d{1,15}(?:\.\d{1,15})?$")]
    private static partial Regex Plain();

    [GeneratedRegex(@"(?:\((?<unit>[^()]{1,16})\)|,\s*(?<unit>[$€£%][^,]{0,8})|\s(?<unit>[$€£%]))\s*$")]
    private static partial Regex HeaderUnit();

    [GeneratedRegex(@"\b(?:(?:FY\s?)?(?<year>(?:19|20)\d{2})|FY\s?(?<fy>\d{2})|Q(?<q>[1-4])|H(?<h>[12]))\b", RegexOptions.IgnoreCase)]
    private static partial Regex PeriodToken();

    [GeneratedRegex(@"[\p{L}\p{N}#]+")]
    private static partial Regex Words();
}
