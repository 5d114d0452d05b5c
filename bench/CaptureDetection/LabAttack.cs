namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// One attacking host: the real tool it runs, how (its timing), when in the capture it starts, and, once it ran, when
/// it really started and ended (the clock the capture's timestamps and so the windows are on).
/// </summary>
internal sealed class LabAttack
{
    public required string Source { get; init; }

    /// <summary>The behaviour an alert should name, as the datasets' anomaly classes do.</summary>
    public required string ExpectedType { get; init; }

    public required string Tool { get; init; }

    public required string Timing { get; init; }

    /// <summary>From the start of the capture.</summary>
    public required TimeSpan Offset { get; init; }

    /// <summary>Runs the attack until it is done or its token ends it (after the attack duration).</summary>
    public required Func<CancellationToken, Task> RunAsync { get; init; }

    public DateTimeOffset Started { get; set; }

    public DateTimeOffset Ended { get; set; }
}
