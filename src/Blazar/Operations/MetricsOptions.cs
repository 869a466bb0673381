namespace Blazar.Operations;

/// <summary>Where Blazar's metrics can be read (<c>Blazar:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    /// <summary>Serves the metrics in Prometheus' text format at <c>/metrics</c> (no sign-in); off by default.</summary>
    public bool Prometheus { get; set; }

    /// <summary>Read at composition time: the exporter and its endpoint exist only when this is on.</summary>
    public static bool PrometheusEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool>("Blazar:Metrics:Prometheus");
}
