using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Wire.Outbound;

/// <summary>A command as it goes to the device on <c>device/{id}/command</c> (seed §5.2).</summary>
public sealed record DeviceCommand(
    string DeviceId,
    string CommandId,
    string Action,
    IReadOnlyDictionary<string, FieldValue> Parameters,
    TimeSpan Timeout,
    int Qos,
    DateTimeOffset Timestamp);
