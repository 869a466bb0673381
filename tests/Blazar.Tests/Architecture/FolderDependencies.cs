using System.Text.RegularExpressions;

namespace Blazar.Tests.Architecture;

/// <summary>
/// Which feature folder (namespace) of the server uses which, read from its source: <c>using Blazar.X</c>
/// directives and qualified names. A nested folder may use its parent without saying so, so it always depends on it.
/// The composition root (namespace <c>Blazar</c>) uses everything and is left out.
/// </summary>
internal static partial class FolderDependencies
{
    public static Dictionary<string, HashSet<string>> Read(IEnumerable<(string Namespace, string Source)> files)
    {
        var sources = files.Where(f => f.Namespace != "Blazar").ToList();
        var known = sources.Select(f => f.Namespace).ToHashSet(StringComparer.Ordinal);
        var edges = known.ToDictionary(n => n, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (ns, source) in sources)
        {
            var code = Comments().Replace(Strings().Replace(source, "\"\""), "");
            foreach (Match match in Qualified().Matches(code))
                if (Longest(match.Groups[1].Value, known) is { } target && target != ns)
                    edges[ns].Add(target);
            var parent = ns[..ns.LastIndexOf('.')];
            if (known.Contains(parent))
                edges[ns].Add(parent);
        }
        return edges;
    }

    /// <summary>The source files of the server, each with its namespace.</summary>
    public static IEnumerable<(string Namespace, string Source)> ServerSources()
    {
        var root = SourceRoot();
        foreach (var path in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            if (path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                continue;
            var source = File.ReadAllText(path);
            if (Namespace().Match(source) is { Success: true } ns)
                yield return (ns.Groups[1].Value, source);
        }
    }

    /// <summary>A cycle among the folders (its folders in order, the first repeated at the end), or null.</summary>
    public static IReadOnlyList<string>? FindCycle(Dictionary<string, HashSet<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        var path = new List<string>();
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
            if (Visit(start) is { } cycle)
                return cycle;
        return null;

        List<string>? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2)
                return null;
            if (state.GetValueOrDefault(node) == 1)
                return [.. path.Skip(path.IndexOf(node)), node];
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
                if (Visit(next) is { } cycle)
                    return cycle;
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    private static string? Longest(string name, HashSet<string> known)
    {
        for (var candidate = name; candidate.Contains('.', StringComparison.Ordinal); candidate = candidate[..candidate.LastIndexOf('.')])
            if (known.Contains(candidate))
                return candidate;
        return null;
    }

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Blazar.slnx")))
                return Path.Combine(dir.FullName, "src", "Blazar");
        throw new DirectoryNotFoundException("The repository root (Blazar.slnx) is not above the test assembly.");
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"\b(Blazar(?:\.[A-Z]\w*)+)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex Strings();
}
