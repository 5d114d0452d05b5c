namespace DigitalTwin.Grains.Interfaces.Network;

/// <summary>
/// One network-behaviour window as twins exchange and keep it: its start (UTC), its length in seconds, one value
/// per feature in the feature catalogue's order (NaN where the device did not measure it or the version does not
/// define it) and the feature schema version those values follow. A record written before schema 3 holds 32 values;
/// whoever reads one shapes it first (<c>FeatureValues.ForVersion</c> in Behaviour: the later features NaN). Who
/// measured it and the device type it names travel with it only on the way in (the twin keeps its own source and
/// type), and a record without them (written before they existed) reads as the device's own.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.NetworkWindowRecord")]
public sealed record NetworkWindowRecord(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] double Seconds,
    [property: Id(2)] double[] Values,
    int SchemaVersion)
{
    // A record serialized before windows carried their version has no field 3, and both Orleans and System.Text.Json
    // leave a missing field at 0. Every window of that time followed schema 1, so 0 reads as 1: an old record counts
    // as what it was instead of as a version no schema has.
    [Id(3)]
    private readonly int _schemaVersion = SchemaVersion;

    /// <summary>The feature schema version of <see cref="Values"/> (1 for a record written before versions were kept).</summary>
    public int SchemaVersion => _schemaVersion == 0 ? 1 : _schemaVersion;

    [Id(4)] public NetworkWindowSource Source { get; init; }

    /// <summary>The device type the payload names (a probe's <c>network_host</c> or its map's type), or null.</summary>
    [Id(5)] public string? DeviceType { get; init; }
}
