namespace DigitalTwin.Behaviour.Packets;

/// <summary>Where a flow is in its life; each stage has its own timeout, so each keeps its own idle-ordered list.</summary>
internal enum FlowStage : byte
{
    /// <summary>A TCP SYN was seen and no SYN-ACK yet.</summary>
    Connecting,

    /// <summary>An established (or mid-stream) TCP connection.</summary>
    Established,

    /// <summary>A UDP, ICMP or other flow.</summary>
    Datagram,

    /// <summary>Closed by FIN both ways or a reset: lingering for trailing packets (the last ACK) before the session ends.</summary>
    Closed,
}
