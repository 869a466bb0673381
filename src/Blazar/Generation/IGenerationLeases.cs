namespace Blazar.Generation;

/// <summary>
/// Which instance owns a report's generation. One process owns everything (<see cref="LocalGenerationLeases"/>);
/// several instances sharing Redis claim reports with leases that the owner keeps renewing, so when an instance
/// dies its claims lapse and another instance takes its reports over (<see cref="RedisGenerationLeases"/>).
/// A report is claimed from the moment it is queued until its run ends.
/// </summary>
public interface IGenerationLeases
{
    /// <summary>Claims a report for this instance, or confirms this instance's claim; false when another live instance holds it.</summary>
    ValueTask<bool> TryAcquireAsync(string reportId, CancellationToken cancellationToken);

    /// <summary>Gives this instance's claim up (a no-op when it holds none).</summary>
    ValueTask ReleaseAsync(string reportId, CancellationToken cancellationToken);

    /// <summary>True when this instance's claim has lapsed or passed to another instance, which now writes the report.</summary>
    ValueTask<bool> HasLostAsync(string reportId, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the instance running a report elsewhere to stop it (and whichever instance takes it over next);
    /// false when there is no other instance to ask.
    /// </summary>
    ValueTask<bool> RequestCancelAsync(string reportId, CancellationToken cancellationToken);

    /// <summary>Takes a stop request made while no run of this report could hear it; true when there was one.</summary>
    ValueTask<bool> TakeCancelRequestAsync(string reportId, CancellationToken cancellationToken);
}
