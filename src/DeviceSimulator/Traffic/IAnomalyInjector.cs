namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Adds one anomaly episode's traffic to a window, between two offsets
/// (seconds from the window start) at the given strength (the episode's intensity, lowered during onset and offset).
/// Injectors put packets on the wire through the <see cref="TrafficWindow"/>, never feature values: the signature must
/// come out of the probe's builder.
/// </summary>
internal interface IAnomalyInjector
{
    void AddTo(TrafficWindow window, double from, double to, double intensity);

    /// <summary>The episode ends at <paramref name="at"/> (seconds from the window start): connections it holds close.</summary>
    void Finish(TrafficWindow window, double at)
    {
    }
}
