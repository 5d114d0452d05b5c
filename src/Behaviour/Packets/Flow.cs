using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Packets;

/// <summary>The state the probe keeps for one flow from one device's side: enough to see handshakes, retransmissions and ends.</summary>
internal sealed class Flow
{
    public Flow(FlowKey key, TransportProtocol protocol, long now)
    {
        Key = key;
        Protocol = protocol;
        FirstMicros = now;
        LastMicros = now;
        Node = new LinkedListNode<Flow>(this);
    }

    public FlowKey Key { get; }

    public TransportProtocol Protocol { get; }

    /// <summary>The flow's place in its stage's idle-ordered list.</summary>
    public LinkedListNode<Flow> Node { get; }

    public FlowStage Stage;
    public long FirstMicros;
    public long LastMicros;

    /// <summary>The device started the flow (sent the SYN or the first datagram).</summary>
    public bool DeviceInitiated;

    /// <summary>The flow's start was seen, so it counts as a session opened and, when it ends, as a duration.</summary>
    public bool Opened;
    public bool Ended;

    /// <summary>The flow left the table (timed out, evicted or replaced); references kept elsewhere are stale.</summary>
    public bool Removed;

    public long SynMicros;

    /// <summary>The initiator's initial sequence number, when the flow was opened by its SYN.</summary>
    public uint SynSequence;
    public bool SynRetransmitted;
    public bool SynAckSeen;
    public long SynAckMicros;
    public uint SynAckSequence;
    public bool RoundTripMeasured;

    /// <summary>The initiator acknowledged the SYN-ACK: the connection is established; a reset after it is no failure.</summary>
    public bool HandshakeAcknowledged;
    public bool Failed;
    public bool DeviceFin;
    public bool RemoteFin;

    // Highest sequence number + length seen from each side (valid once the matching flag is set).
    public bool DeviceSequenceKnown;
    public uint DeviceSequenceEnd;
    public bool RemoteSequenceKnown;
    public uint RemoteSequenceEnd;

    // Sequence ranges below the highest end that were skipped (lost before the capture point, or reordered): a segment
    // that later fills one is new, not a retransmission. Made on the first gap only.
    public List<(uint From, uint To)>? DeviceGaps;
    public List<(uint From, uint To)>? RemoteGaps;

    public bool TlsStarted;
    public bool TlsClientIsDevice;
    public bool TlsServerHello;
    public bool TlsDone;
    public long TlsStartMicros;

    public long Deadline(TrafficObserverTimeouts timeouts) => LastMicros + timeouts.For(Stage);
}
