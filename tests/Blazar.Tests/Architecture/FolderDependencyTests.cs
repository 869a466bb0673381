namespace Blazar.Tests.Architecture;

public sealed class FolderDependencyTests
{
    [Fact]
    public void No_two_feature_folders_depend_on_each_other_even_through_others()
    {
        var edges = FolderDependencies.Read(FolderDependencies.ServerSources());

        Assert.Contains("Blazar.Generation", edges.Keys); // the source was found and read
        Assert.Contains("Blazar.Streaming", edges["Blazar.Generation"]);
        var cycle = FolderDependencies.FindCycle(edges);
        Assert.True(cycle is null, $"The feature folders depend on each other in a cycle: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void A_cycle_through_a_qualified_name_or_a_parent_folder_is_found()
    {
        var edges = FolderDependencies.Read(
        [
            ("Blazar.Reports", "namespace Blazar.Reports;\nusing Blazar.Extensions;\n// Blazar.Generation in a comment is no use\nclass R { string s = \"Blazar.Generation\"; }"),
            ("Blazar.Reports.Api", "namespace Blazar.Reports.Api;\nusing Blazar.Generation;\nclass A { }"),
            ("Blazar.Generation", "namespace Blazar.Generation;\nclass G { Blazar.Extensions.X x; }"),
            ("Blazar.Extensions", "namespace Blazar.Extensions;\nclass E { Blazar.Reports.Api.A a; }"),
        ]);

        var cycle = FolderDependencies.FindCycle(edges);

        Assert.NotNull(cycle);
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Contains("Blazar.Reports.Api", cycle); // Extensions → Reports.Api → Generation → Extensions
        Assert.DoesNotContain("Blazar.Generation", edges["Blazar.Reports"]); // names in comments and strings are not uses
        Assert.Contains("Blazar.Reports", edges["Blazar.Reports.Api"]); // a nested folder depends on its parent
    }
}
