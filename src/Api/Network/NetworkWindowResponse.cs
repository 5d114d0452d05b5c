namespace DigitalTwin.Api.Network;

/// <summary>
/// One window as the API shows it: its feature schema version and its features by wire name; features that version does
/// not define and unmeasured ones are left out (as on MQTT).
/// </summary>
internal sealed record NetworkWindowResponse(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, double WindowSeconds, int SchemaVersion, Dictionary<string, double> Features);
