using DigitalTwin.Behaviour.Packets;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Packets;

/// <summary>
/// One simulated TCP connection of a device, kept across windows: its four-tuple, who opened it, and both sides' next
/// sequence numbers, so that every segment a <see cref="TrafficWindow"/> sends on it continues the byte stream the way
/// a probe expects (a segment below what was sent before is a retransmission).
/// </summary>
public sealed class TcpConnection
{
    internal TcpConnection(HostAddress device, ushort devicePort, HostAddress remote, ushort remotePort, bool deviceOpened, uint deviceSequence, uint remoteSequence, double roundTripMs)
    {
        Device = device;
        DevicePort = devicePort;
        Remote = remote;
        RemotePort = remotePort;
        DeviceOpened = deviceOpened;
        DeviceSequence = deviceSequence;
        RemoteSequence = remoteSequence;
        RoundTripMs = roundTripMs;
    }

    public HostAddress Device { get; }

    public ushort DevicePort { get; }

    public HostAddress Remote { get; }

    public ushort RemotePort { get; }

    /// <summary>True when the device initiated the connection (a client); false when it accepted it.</summary>
    public bool DeviceOpened { get; }

    public double RoundTripMs { get; }

    /// <summary>FIN or RST sent: nothing more goes on it.</summary>
    public bool Closed { get; internal set; }

    /// <summary>When (Unix microseconds) the latest segment was scheduled: a close comes after it.</summary>
    public long LastMicros { get; internal set; }

    /// <summary>Sequence number of the device's next byte.</summary>
    internal uint DeviceSequence;

    /// <summary>Sequence number of the remote side's next byte.</summary>
    internal uint RemoteSequence;

    /// <summary>Bytes of data sent by the device so far (a retransmission resends some of them).</summary>
    internal long DeviceBytes;
}
