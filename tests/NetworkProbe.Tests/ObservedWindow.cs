namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>One row of the probe's observed dataset: a device's window and its features by name (NaN when empty).</summary>
public sealed record ObservedWindow(
    string DeviceId,
    string DeviceType,
    DateTimeOffset Start,
    DateTimeOffset End,
    double Seconds,
    IReadOnlyDictionary<string, string> Fields)
{
    public double this[string feature] =>
        Fields.TryGetValue(feature, out var text)
            ? text.Length == 0 ? double.NaN : double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : throw new KeyNotFoundException($"the probe's output has no column {feature}");
}
