namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// What one authenticated device may send the broker. Bound from <c>Mqtt:DeviceLimits</c>; applied to device
/// connections when <c>Mqtt:Auth:Enabled</c> (platform and probe accounts are not limited). 0 turns a limit off.
/// Each limit allows a burst of one second's worth.
/// </summary>
public sealed class DeviceLimitOptions
{
    public const string SectionName = "Mqtt:DeviceLimits";

    public int MessagesPerSecond { get; set; } = 50;

    public int BytesPerSecond { get; set; } = 256 * 1024;
}
