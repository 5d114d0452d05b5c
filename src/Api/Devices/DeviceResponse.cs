namespace DigitalTwin.Api.Devices;

/// <summary>A device's connection view: presence, last contact and its twin's lifecycle.</summary>
internal sealed record DeviceResponse(string DeviceId, string Type, string Status, bool Connected, DateTimeOffset? LastSeen, string Lifecycle);
