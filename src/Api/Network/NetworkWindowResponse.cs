namespace DigitalTwin.Api.Network;

/// <summary>One window as the API shows it: its feature schema version, features by wire name, unmeasured ones left out (as on MQTT).</summary>
public sealed record NetworkWindowResponse(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, double WindowSeconds, int SchemaVersion, Dictionary<string, double> Features);
