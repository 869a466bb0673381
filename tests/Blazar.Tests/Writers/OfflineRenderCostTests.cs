using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Blazar.Reports;
using Blazar.Writers.Offline;
using Xunit.Abstractions;

namespace Blazar.Tests.Writers;

public sealed class OfflineRenderCostTests(ITestOutputHelper output)
{
    /// <summary>A table of one-digit numbers only (the worst case: no text column to label rows by; 200 x 500 fits the 200 KiB data limit).</summary>
    internal static string Numbers(int columns, int rows)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Enumerable.Range(1, columns).Select(c => $"m{c}")).Append('\n');
        for (var r = 0; r < rows; r++)
            csv.AppendJoin(',', Enumerable.Range(0, columns).Select(c => ((r * 7 + c * 3) % 10).ToString(CultureInfo.InvariantCulture))).Append('\n');
        return csv.ToString();
    }

    private static Spec WithData(string data) => new() { Title = "Cost", Sections = ["Summary", "Data", "Next steps"], Data = data };

    /// <summary>
    /// The least CPU time one of a few renders takes on this thread, so neither a busy machine (the thread waiting
    /// for a core) nor the garbage collector's own threads count. Wall time where thread CPU time cannot be read.
    /// </summary>
    private static double FastestMilliseconds(Spec spec, int runs)
    {
        var best = double.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var start = ThreadMilliseconds();
            OfflineReport.Render(spec, DateTimeOffset.UnixEpoch);
            best = Math.Min(best, ThreadMilliseconds() - start);
        }
        return best;
    }

    private static double ThreadMilliseconds()
    {
        const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID
        if (OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var now) == 0)
            return now.Seconds * 1000.0 + now.Nanoseconds / 1e6;
        return Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [Fact]
    public void Ten_times_the_columns_or_ten_times_the_rows_cost_about_ten_times_as_much()
    {
        var narrow = WithData(Numbers(20, 500));
        var short_ = WithData(Numbers(200, 50));
        var full = WithData(Numbers(200, 500)); // at the limits: 200 columns, 100,000 cells
        FastestMilliseconds(narrow, 2); // warm-up: the first renders pay for the JIT
        FastestMilliseconds(full, 2);

        var narrowMs = FastestMilliseconds(narrow, 5);
        var shortMs = FastestMilliseconds(short_, 5);
        var fullMs = FastestMilliseconds(full, 5);

        output.WriteLine($"20 x 500: {narrowMs:0.00} ms; 200 x 50: {shortMs:0.00} ms; 200 x 500: {fullMs:0.00} ms (thread CPU time)");
        // Linear work makes both ratios about 10 (7 to 14 measured). Before, a path quadratic in the columns made the first 27.
        Assert.True(fullMs / narrowMs < 25, $"10 times the columns took {fullMs / narrowMs:0.0} times as long ({fullMs:0.0} ms against {narrowMs:0.0} ms)");
        Assert.True(fullMs / shortMs < 25, $"10 times the rows took {fullMs / shortMs:0.0} times as long ({fullMs:0.0} ms against {shortMs:0.0} ms)");
    }

    [Fact]
    public void A_stored_table_far_beyond_the_limits_costs_no_more_than_one_at_them()
    {
        // Specs stored before the limits existed are still written (recovery runs them again after a restart):
        // the writer reads their first 200 columns. 4,000 columns took 13.7 s before, four times the full table.
        var beyond = WithData(Numbers(4_000, 5));
        var full = WithData(Numbers(200, 500));
        FastestMilliseconds(beyond, 1);
        FastestMilliseconds(full, 1);

        var beyondMs = FastestMilliseconds(beyond, 3);
        var fullMs = FastestMilliseconds(full, 3);
        var html = OfflineReport.Render(beyond, DateTimeOffset.UnixEpoch);

        output.WriteLine($"4,000 x 5: {beyondMs:0.00} ms; 200 x 500: {fullMs:0.00} ms (thread CPU time)");
        Assert.True(beyondMs < fullMs * 2, $"4,000 x 5 took {beyondMs:0.0} ms against {fullMs:0.0} ms for 200 x 500");
        Assert.Equal(200, System.Text.RegularExpressions.Regex.Count(html, "<th[ >]"));
    }
}
