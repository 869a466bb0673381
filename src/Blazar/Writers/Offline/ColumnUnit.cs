using System.Globalization;

namespace Blazar.Writers.Offline;

/// <summary>
/// How a numeric column's values are written: a currency sign before them, a percent sign or a scale (k, M, bn)
/// after them, and as many decimals as the data shows (at most two). Values keep the scale they were given in.
/// </summary>
internal sealed record ColumnUnit(string Prefix, string Suffix, bool Percent, int Decimals)
{
    public const char Minus = '\u2212';

    public static readonly ColumnUnit None = new("", "", false, 0);

    /// <summary>The value as the column writes it: <c>−$1,200</c>, <c>4.2%</c>, <c>€3.5M</c>.</summary>
    public string Format(double value) => Sign(value) + Prefix + Digits(Math.Abs(value), Decimals) + Suffix;

    /// <summary>A difference between two values: <c>+$300</c>, or <c>−1.5 percentage points</c> for percentages.</summary>
    public string FormatChange(double change) => Percent
        ? (change > 0 ? "+" : Sign(change)) + Digits(Math.Abs(change), Math.Max(1, Decimals)) + (Math.Abs(change) == 1 ? " percentage point" : " percentage points")
        : (change > 0 ? "+" : Sign(change)) + Prefix + Digits(Math.Abs(change), Decimals) + Suffix;

    /// <summary>A ratio as a percentage with one decimal: <c>+12.5%</c> (signed) or <c>12.5%</c>.</summary>
    public static string Share(double ratio, bool signed = false) =>
        (signed && ratio > 0 ? "+" : Sign(ratio)) + Digits(Math.Abs(ratio * 100), 1) + "%";

    private static string Sign(double value) => value < 0 && Math.Round(value, 2) != 0 ? Minus.ToString() : "";

    private static string Digits(double value, int decimals) =>
        value.ToString(decimals == 0 ? "#,0" : "#,0." + new string('0', decimals), CultureInfo.InvariantCulture);
}
