using System.Text;

namespace Blazar.Bench.Storage;

/// <summary>
/// Reports for the storage benchmark: HTML of 10–20 KB whose words follow a Zipf law over a fixed vocabulary (as
/// prose does), so a search can ask for words found in nearly every report, in some, or in a few. The same seed
/// gives the same reports and the same queries in the server (which stores them) and in the benchmark (which asks).
/// </summary>
internal static class SeedText
{
    public const int VocabularySize = 20_000;
    private static readonly string[] Syllables =
        "ka lo mi ra te su vo ne pa di gu fe ro la ti mo sa ve ku ni zo pe ba ri do ha ce ma lu we".Split(' ');
    private static readonly string[] Glue = "the of and to in a is that for with as on by".Split(' ');

    /// <summary>The vocabulary, most frequent first: made-up words of two to four syllables, the same on every call.</summary>
    public static readonly string[] Vocabulary = BuildVocabulary();

    private static readonly double[] Cumulative = BuildCumulative();

    /// <summary>
    /// What the benchmark searches for: single words from the most frequent (in every report) to rare ones, and
    /// pairs, each with the rank (1 = most frequent) of its rarest word.
    /// </summary>
    public static IReadOnlyList<(string Query, int Rank)> Queries { get; } =
    [
        .. new[] { 1, 3, 10, 30, 100, 300, 1000, 3000, 10000 }.Select(r => (Vocabulary[r - 1], r)),
        .. new[] { (1, 2), (5, 50), (20, 400), (100, 2000) }.Select(p => ($"{Vocabulary[p.Item1 - 1]} {Vocabulary[p.Item2 - 1]}", p.Item2)),
    ];

    public static string Title(Random random) => Capitalize(Sentence(random, 4 + random.Next(4)));

    public static string Summary(Random random) => Capitalize(Sentence(random, 10 + random.Next(10)));

    /// <summary>A report of about <paramref name="chars"/> characters: headings, paragraphs, a table.</summary>
    public static string Html(Random random, string title, int chars)
    {
        var html = new StringBuilder(chars + 2048)
            .Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").Append(title)
            .Append("</title><style>body{font-family:system-ui;max-width:48rem;margin:auto}table{border-collapse:collapse}</style></head><body><h1>")
            .Append(title).Append("</h1>\n");
        var section = 0;
        while (html.Length < chars)
        {
            html.Append("<h2>").Append(Capitalize(Sentence(random, 3 + random.Next(3)))).Append("</h2>\n");
            for (var p = 0; p < 3 && html.Length < chars; p++)
                html.Append("<p>").Append(Capitalize(Sentence(random, 40 + random.Next(60)))).Append(".</p>\n");
            if (++section % 3 == 0)
            {
                html.Append("<table><tr><th>").Append(Word(random)).Append("</th><th>").Append(Word(random)).Append("</th></tr>");
                for (var r = 0; r < 5; r++)
                    html.Append("<tr><td>").Append(Word(random)).Append("</td><td>").Append(random.Next(1000)).Append("</td></tr>");
                html.Append("</table>\n");
            }
        }
        return html.Append("</body></html>").ToString();
    }

    private static string Sentence(Random random, int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0)
                text.Append(' ');
            text.Append(random.Next(4) == 0 ? Glue[random.Next(Glue.Length)] : Word(random));
        }
        return text.ToString();
    }

    private static string Word(Random random)
    {
        var at = Array.BinarySearch(Cumulative, random.NextDouble());
        return Vocabulary[Math.Min(at < 0 ? ~at : at, VocabularySize - 1)];
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string[] BuildVocabulary()
    {
        var random = new Random(1234);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>(VocabularySize);
        while (list.Count < VocabularySize)
        {
            var word = string.Concat(Enumerable.Range(0, 2 + random.Next(3)).Select(_ => Syllables[random.Next(Syllables.Length)]));
            if (words.Add(word))
                list.Add(word);
        }
        return [.. list];
    }

    // Zipf's law with exponent 1: the word of rank r comes up in proportion to 1/r.
    private static double[] BuildCumulative()
    {
        var weights = Enumerable.Range(1, VocabularySize).Select(r => 1.0 / r).ToArray();
        var total = weights.Sum();
        var cumulative = new double[VocabularySize];
        var sum = 0.0;
        for (var i = 0; i < VocabularySize; i++)
            cumulative[i] = sum += weights[i] / total;
        return cumulative;
    }
}
