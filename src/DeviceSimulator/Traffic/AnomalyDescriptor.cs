namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// An anomaly class's snake_case name, what its rate counts, its typical parameters (<see cref="Defaults"/>), the
/// highest rate a scenario may ask for, its variants (name → every value it takes, in the order the ground truth writes them) and the ranges of its two bands.
/// </summary>
internal sealed record AnomalyDescriptor(
    AnomalyClass Class,
    string Name,
    string RateMeaning,
    AnomalyParameters Defaults,
    double MaxRate,
    IReadOnlyList<KeyValuePair<string, string[]>> Variants,
    AnomalyBandProfile Standard,
    AnomalyBandProfile LowAndSlow)
{
    public AnomalyBandProfile Profile(AnomalyBand band) => band == AnomalyBand.LowAndSlow ? LowAndSlow : Standard;
}
