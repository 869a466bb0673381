using Blazar.Bench.Reporting;

namespace Blazar.Bench.Scenarios;

internal static class RenderBench
{
    public static Task<Section> RunAsync(BenchContext bench) => Task.FromResult(new Section("render", "Browser rendering"));
}
