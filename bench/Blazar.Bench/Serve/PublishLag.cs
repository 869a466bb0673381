using System.Diagnostics.Metrics;

namespace Blazar.Bench.Serve;

/// <summary>
/// The writer path's delay inside the Blazar process: every value of its <c>blazar.chunks.publish.lag</c> histogram
/// (model bytes arriving → chunk appended to the log and published), kept so the bench can take percentiles.
/// <c>POST /bench/publish-lag/reset</c> starts over; <c>GET /bench/publish-lag</c> answers the microseconds so far.
/// </summary>
internal sealed class PublishLag : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private List<int> _micros = [];

    private PublishLag()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // By name, not by Blazar's constants, so the bench also builds against a Blazar from before the histogram (no samples then).
            if (instrument.Meter.Name == "Blazar" && instrument.Name == "blazar.chunks.publish.lag")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (_gate)
                _micros.Add((int)Math.Min(int.MaxValue, seconds * 1_000_000));
        });
        _listener.Start();
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var lag = new PublishLag();
        app.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(lag.Dispose);
        app.MapPost("/bench/publish-lag/reset", () =>
        {
            lock (lag._gate)
                lag._micros = [];
            return TypedResults.Ok();
        });
        app.MapGet("/bench/publish-lag", () =>
        {
            lock (lag._gate)
                return TypedResults.Ok(lag._micros.ToArray());
        });
    }

    public void Dispose() => _listener.Dispose();
}
