using System.Globalization;
using System.Text;

namespace Blazar.Exports;

/// <summary>
/// The <c>Content-Disposition</c> of a download named after the report's title: <c>filename</c> a safe ASCII slug
/// for clients that know no better, <c>filename*</c> (RFC 5987, UTF-8) the whole title with only the characters
/// a file system refuses replaced.
/// </summary>
internal static class ExportFileName
{
    private const int MaxSlug = 80;
    private const int MaxName = 150;

    // Letters with accents and their plain ASCII letter (the process runs without ICU, so Unicode decomposition is not at hand).
    private const string Latin = "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÐðÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽž";
    private const string Ascii = "AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUuWwYyyYyYZzZzZz";

    public static string ContentDisposition(string title, string extension) =>
        $"attachment; filename=\"{Slug(title)}.{extension}\"; filename*=UTF-8''{Uri.EscapeDataString(Name(title) + "." + extension)}";

    /// <summary>Lower-case ASCII letters and digits in words joined by dashes ("Zürich Q3" → "zurich-q3"), accents dropped; "report" when none.</summary>
    public static string Slug(string title)
    {
        var slug = new StringBuilder(Math.Min(title.Length, MaxSlug));
        foreach (var c in WellFormed(title))
        {
            if (slug.Length >= MaxSlug)
                break;
            var plain = Latin.IndexOf(c, StringComparison.Ordinal) is var at and >= 0 ? Ascii[at].ToString() : c.ToString();
            if (c is 'ß' or 'æ' or 'Æ' or 'œ' or 'Œ' or 'þ' or 'Þ')
                plain = c switch { 'ß' => "ss", 'æ' or 'Æ' => "ae", 'œ' or 'Œ' => "oe", _ => "th" };
            if (plain.All(char.IsAsciiLetterOrDigit))
                slug.Append(plain.ToLowerInvariant());
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark)
                continue; // a combining accent: "e\u0301" is "e"
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "report" : text;
    }

    /// <summary>The title as a file name: control characters and <c>/\:*?"&lt;&gt;|</c> become spaces, runs of space one, no trailing dot.</summary>
    public static string Name(string title)
    {
        var name = new StringBuilder(title.Length);
        foreach (var c in WellFormed(title))
        {
            var space = char.IsControl(c) || char.IsWhiteSpace(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|';
            if (!space)
                name.Append(c);
            else if (name.Length > 0 && name[^1] != ' ')
                name.Append(' ');
        }
        var text = name.ToString().Trim().TrimEnd('.');
        if (text.Length > MaxName)
            text = text[..(char.IsHighSurrogate(text[MaxName - 1]) ? MaxName - 1 : MaxName)].TrimEnd();
        if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
            text = text[..^1];
        return text.Length == 0 ? "report" : text;
    }

    /// <summary>The text without lone surrogates (JSON can carry one), which nothing can normalize or encode.</summary>
    private static string WellFormed(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                clean.Append(text[i]).Append(text[++i]);
            else if (!char.IsSurrogate(text[i]))
                clean.Append(text[i]);
        }
        return clean.ToString();
    }
}
