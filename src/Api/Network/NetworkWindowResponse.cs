namespace DigitalTwin.Api.Network;

/// <summary>One window as the API shows it: features by wire name, unmeasured ones left out (as on MQTT).</summary>
public sealed record NetworkWindowResponse(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, double WindowSeconds, Dictionary<string, double> Features);
