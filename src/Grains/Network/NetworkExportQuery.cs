namespace DigitalTwin.Grains.Network;

/// <summary>
/// Windows starting in <c>From ≤ start &lt; To</c>, of one device type, one device and one feature schema version
/// when given.
/// </summary>
public sealed record NetworkExportQuery(DateTimeOffset From, DateTimeOffset To, string? DeviceType, string? DeviceId, int? SchemaVersion = null);
