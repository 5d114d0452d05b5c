using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.DeviceSimulator.Packets;

/// <summary>
/// One packet the simulator puts on the wire, or a train of <see cref="Count"/> like packets
/// <see cref="IntervalMicros"/> apart (each TCP segment's sequence number following the one before): the headers a
/// probe would read, the text of the DNS question or TLS server name they carry (so a capture file can hold them),
/// and whether an anomaly episode sent it.
/// </summary>
public struct SimulatedPacket
{
    public PacketHeaders Headers;
    public int Count;
    public long IntervalMicros;

    /// <summary>The DNS question's or the ClientHello's server name, when the headers carry one.</summary>
    public string? Name;

    /// <summary>Sent or received by an anomaly episode's traffic rather than the device's normal traffic.</summary>
    public bool Anomalous;

    public readonly long TimeMicros => Headers.TimeMicros;

    /// <summary>When the last packet of the train is sent.</summary>
    public readonly long LastMicros => Headers.TimeMicros + (Count - 1) * IntervalMicros;
}
