using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Packets;

/// <summary>One device's window builder and the window it is open for.</summary>
internal sealed class DeviceTraffic(HostAddress address)
{
    public HostAddress Address { get; } = address;

    public NetworkWindowBuilder Builder { get; } = new();

    /// <summary>Index of the window the builder is open for, or -1.</summary>
    public long OpenWindow { get; set; } = -1;
}
