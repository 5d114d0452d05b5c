namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// What one band of one anomaly class draws its episodes from: ranges for the rate, duration, period and jitter, and
/// the values each of the class's variants (<see cref="AnomalyDescriptor.Variants"/>) takes in this band, drawn uniformly.
/// Intensity and ramp are not banded: they come from the class defaults unless a rule gives them.
/// </summary>
internal sealed record AnomalyBandProfile(
    ParameterRange Rate,
    ParameterRange Duration,
    ParameterRange Period,
    ParameterRange Jitter,
    IReadOnlyList<KeyValuePair<string, string[]>> Variants);
