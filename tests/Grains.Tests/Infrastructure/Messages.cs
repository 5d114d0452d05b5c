using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>Builds device messages as the bridge hands them to twins.</summary>
public static class Messages
{
    public static DeviceMessage Telemetry(string deviceId, DateTimeOffset deviceTime, params NamedValue[] values) =>
        Telemetry(deviceId, deviceTime, null, values);

    public static DeviceMessage Telemetry(string deviceId, DateTimeOffset deviceTime, string? type, params NamedValue[] values) =>
        new(deviceId, DeviceMessageKind.Telemetry, deviceTime, deviceTime, type, values, null);

    public static DeviceMessage State(string deviceId, DateTimeOffset deviceTime, params NamedValue[] values) =>
        new(deviceId, DeviceMessageKind.State, deviceTime, deviceTime, null, values, null);

    public static DeviceMessage Status(string deviceId, DateTimeOffset at, PresenceStatus presence) =>
        new(deviceId, DeviceMessageKind.Status, at, at, null, [], presence);

    public static NamedValue Number(string name, double value) => new(name, FieldValue.FromNumber(value));

    public static NamedValue Text(string name, string value) => new(name, FieldValue.FromText(value));

    public static NamedValue Boolean(string name, bool value) => new(name, FieldValue.FromBoolean(value));
}
