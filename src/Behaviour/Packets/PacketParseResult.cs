namespace DigitalTwin.Behaviour.Packets;

public enum PacketParseResult : byte
{
    /// <summary>An IPv4 or IPv6 packet whose headers were read.</summary>
    Parsed,

    /// <summary>A well-formed frame that carries no IP packet (ARP, LLDP, ...): not part of any feature.</summary>
    NotIp,

    /// <summary>Headers that contradict themselves or end before they should: the frame is skipped and counted.</summary>
    Malformed,
}
