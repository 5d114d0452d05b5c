using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Wire;

/// <summary>The MQTT topics of the platform (seed §9), declared once.</summary>
public static class DeviceTopics
{
    public const string DeviceRoot = "device";
    public const string TwinRoot = "twin";
    public const string SystemRoot = "system";

    public const string Telemetry = "telemetry";
    public const string State = "state";
    public const string Status = "status";
    public const string Command = "command";
    public const string Ack = "ack";
    public const string Error = "error";
    public const string Network = "network";

    /// <summary>The platform's desired document for the device; devices subscribe, only the platform publishes.</summary>
    public const string Desired = "desired";

    public static string For(string deviceId, DeviceMessageKind kind) => kind switch
    {
        DeviceMessageKind.Telemetry => $"device/{deviceId}/{Telemetry}",
        DeviceMessageKind.State => $"device/{deviceId}/{State}",
        _ => $"device/{deviceId}/{Status}",
    };

    public static string ErrorFor(string deviceId) => $"device/{deviceId}/{Error}";

    public static string AckFor(string deviceId) => $"device/{deviceId}/{Ack}";

    public static string NetworkFor(string deviceId) => $"device/{deviceId}/{Network}";

    public static string CommandFor(string deviceId) => $"device/{deviceId}/{Command}";

    public static string DesiredFor(string deviceId) => $"device/{deviceId}/{Desired}";

    public static string TwinUpdateFor(string twinId) => $"twin/{twinId}/update";

    /// <summary>Where a twin's anomaly alerts are announced (raised, escalated, acknowledged, cleared).</summary>
    public static string TwinAlertFor(string twinId) => $"twin/{twinId}/alert";
}
