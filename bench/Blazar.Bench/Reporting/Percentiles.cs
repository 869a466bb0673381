namespace Blazar.Bench.Reporting;

/// <summary>p50, p99 and max of a set of latencies in microseconds.</summary>
internal sealed record Percentiles(int Count, double P50Ms, double P99Ms, double MaxMs)
{
    public static Percentiles Of(int[] micros)
    {
        if (micros.Length == 0)
            return new Percentiles(0, double.NaN, double.NaN, double.NaN);
        Array.Sort(micros);
        return new Percentiles(micros.Length, At(micros, 0.50), At(micros, 0.99), micros[^1] / 1000.0);
    }

    private static double At(int[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)] / 1000.0;
}
