namespace DigitalTwin.Grains.Interfaces.Network;

/// <summary>
/// One network-behaviour window as twins exchange and keep it: its start (UTC), its length in seconds and one
/// value per feature in the feature catalogue's order (NaN where the device did not measure it).
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.NetworkWindowRecord")]
public sealed record NetworkWindowRecord(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] double Seconds,
    [property: Id(2)] double[] Values);
