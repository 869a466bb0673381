namespace Blazar.Writers;

/// <summary>
/// One tag read the way a browser's HTML tokenizer reads it from its opening <c>&lt;</c>: the name ends at white
/// space, <c>/</c> or <c>&gt;</c>; a quoted attribute value may hold <c>&gt;</c>; of attributes named twice the first
/// wins. Names are lower-cased; values are as written (character references not decoded).
/// </summary>
internal sealed record HtmlTag(string Name, bool IsEnd, int NameEnd, int End, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <summary>The value of the first attribute called <paramref name="name"/>, or null.</summary>
    public string? this[string name] => Attributes.FirstOrDefault(a => a.Key == name).Value;

    /// <summary>True for the characters that end a tag name or separate attributes.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

    /// <summary>Where the tag name that starts at <paramref name="start"/> ends (the text's length when it goes on).</summary>
    public static int EndOfName(string text, int start)
    {
        var i = start;
        while (i < text.Length && !IsSpace(text[i]) && text[i] is not ('/' or '>'))
            i++;
        return i;
    }

    /// <summary>
    /// Reads the tag whose <c>&lt;</c> is at <paramref name="start"/> (followed by a letter, or by <c>/</c> and a letter).
    /// Returns null when the text ends before the tag does.
    /// </summary>
    public static HtmlTag? Read(string text, int start)
    {
        var isEnd = text[start + 1] == '/';
        var nameStart = start + (isEnd ? 2 : 1);
        var nameEnd = EndOfName(text, nameStart);
        if (nameEnd >= text.Length)
            return null;
        var name = text[nameStart..nameEnd].ToLowerInvariant();
        var attributes = new List<KeyValuePair<string, string>>();
        var i = nameEnd;
        while (true)
        {
            // Before an attribute name: white space and stray slashes go; '>' ends the tag.
            while (i < text.Length && (IsSpace(text[i]) || text[i] == '/'))
                i++;
            if (i >= text.Length)
                return null;
            if (text[i] == '>')
                return new HtmlTag(name, isEnd, nameEnd, i + 1, attributes);

            // The name: its first character may be anything ('=' and quotes included), the rest up to a separator.
            var attributeStart = i++;
            while (i < text.Length && !IsSpace(text[i]) && text[i] is not ('/' or '>' or '='))
                i++;
            var attribute = text[attributeStart..i].ToLowerInvariant();
            while (i < text.Length && IsSpace(text[i]))
                i++;
            if (i >= text.Length)
                return null;
            var value = "";
            if (text[i] == '=')
            {
                i++;
                while (i < text.Length && IsSpace(text[i]))
                    i++;
                if (i >= text.Length)
                    return null;
                if (text[i] is '"' or '\'')
                {
                    var close = text.IndexOf(text[i], i + 1);
                    if (close < 0)
                        return null;
                    value = text[(i + 1)..close];
                    i = close + 1;
                }
                else if (text[i] != '>')
                {
                    var valueStart = i;
                    while (i < text.Length && !IsSpace(text[i]) && text[i] != '>')
                        i++;
                    value = text[valueStart..i];
                }
            }
            if (!attributes.Exists(a => a.Key == attribute))
                attributes.Add(new(attribute, value));
        }
    }
}
