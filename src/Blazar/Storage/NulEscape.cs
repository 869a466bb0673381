using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Blazar.Storage;

/// <summary>
/// Stores any string so that it reads back exactly: PostgreSQL's <c>text</c> cannot hold U+0000, so NUL is written
/// as U+0001 '0' and U+0001 itself as U+0001 '1'. Every other character is stored as it is, and a string with
/// neither (nearly all of them) is not copied.
/// </summary>
internal static class NulEscape
{
    private const char Escape = '\u0001';

    public static string Encode(string value)
    {
        if (value.AsSpan().IndexOfAny('\0', Escape) < 0)
            return value;
        return string.Create(value.Length + Count(value), value, static (span, source) =>
        {
            var at = 0;
            foreach (var c in source)
            {
                if (c is '\0' or Escape)
                {
                    span[at++] = Escape;
                    span[at++] = c == '\0' ? '0' : '1';
                }
                else
                    span[at++] = c;
            }
        });
    }

    public static string Decode(string value)
    {
        if (value.AsSpan().IndexOf(Escape) < 0)
            return value;
        var decoded = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == Escape && i + 1 < value.Length)
                decoded.Append(value[++i] == '0' ? '\0' : Escape);
            else
                decoded.Append(value[i]);
        }
        return decoded.ToString();
    }

    private static int Count(string value)
    {
        var count = 0;
        foreach (var c in value)
            if (c is '\0' or Escape)
                count++;
        return count;
    }

    /// <summary>Applies the escape to every string column.</summary>
    internal sealed class Converter() : ValueConverter<string, string>(v => Encode(v), v => Decode(v));
}
