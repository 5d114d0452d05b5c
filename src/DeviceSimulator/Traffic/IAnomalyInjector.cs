namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Adds one anomaly episode's traffic to a window, between two offsets
/// (seconds from the window start) at the given strength (the episode's intensity, lowered during onset and offset).
/// Injectors add sessions and DNS queries, never feature values: the signature must come out of the builder.
/// </summary>
public interface IAnomalyInjector
{
    void AddTo(TrafficWindow window, double from, double to, double intensity);
}
