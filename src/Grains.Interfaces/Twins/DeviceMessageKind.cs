namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>Which device topic a message arrived on.</summary>
[GenerateSerializer, Alias("dtn.DeviceMessageKind")]
public enum DeviceMessageKind : byte
{
    Telemetry = 0,
    State = 1,
    Status = 2,
}
