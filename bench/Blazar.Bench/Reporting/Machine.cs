using System.Runtime.InteropServices;

namespace Blazar.Bench.Reporting;

/// <summary>What the figures were measured on.</summary>
internal sealed record Machine(string Cpu, int Cores, double MemoryGiB, string Os, string Runtime, double LoadAverage)
{
    public static Machine Describe()
    {
        var cpu = Read("/proc/cpuinfo").Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memory = Read("/proc/meminfo").Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0 / 1024.0
            : 0;
        var load = double.TryParse(Read("/proc/loadavg").Split(' ')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var l1) ? l1 : double.NaN;
        return new Machine(cpu, Environment.ProcessorCount, Math.Round(memory, 1), RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, load);
    }

    public override string ToString() =>
        $"{Cpu}, {Cores} cores, {MemoryGiB} GiB, {Os}, {Runtime}, load average {LoadAverage} at start";

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
}
