namespace DigitalTwin.Grains.Interfaces.Network;

/// <summary>
/// One network-behaviour window as twins exchange and keep it: its start (UTC), its length in seconds and one
/// value per feature in the feature catalogue's order (NaN where the device did not measure it). Who measured it and
/// the device type it names travel with it only on the way in (the twin keeps its own source and type), and a record
/// without them (written before they existed) reads as the device's own.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.NetworkWindowRecord")]
public sealed record NetworkWindowRecord(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] double Seconds,
    [property: Id(2)] double[] Values)
{
    [Id(4)] public NetworkWindowSource Source { get; init; }

    /// <summary>The device type the payload names (a probe's <c>network_host</c> or its map's type), or null.</summary>
    [Id(5)] public string? DeviceType { get; init; }
}
