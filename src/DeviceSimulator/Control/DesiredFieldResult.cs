namespace DigitalTwin.DeviceSimulator.Control;

/// <summary>What a device made of one field of its desired document.</summary>
public enum DesiredFieldResult
{
    /// <summary>The device took the value; it reports it so the twin's delta clears.</summary>
    Applied,

    /// <summary>Not a setting of this device type: left alone, as docs/mqtt.md asks of devices.</summary>
    Ignored,

    /// <summary>A setting of this type, but a value the device cannot take (wrong kind or out of range).</summary>
    Invalid,
}
