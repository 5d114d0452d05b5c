namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>A device's MQTT topics (docs/mqtt.md).</summary>
public sealed record DeviceTopics(string Telemetry, string State, string Status, string Command, string Ack, string Desired, string Error, string Network)
{
    public static DeviceTopics For(string deviceId) => new(
        $"device/{deviceId}/telemetry",
        $"device/{deviceId}/state",
        $"device/{deviceId}/status",
        $"device/{deviceId}/command",
        $"device/{deviceId}/ack",
        $"device/{deviceId}/desired",
        $"device/{deviceId}/error",
        $"device/{deviceId}/network");
}
