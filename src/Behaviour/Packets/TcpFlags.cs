namespace DigitalTwin.Behaviour.Packets;

/// <summary>The TCP header's control bits that flow tracking reads.</summary>
[Flags]
public enum TcpFlags : byte
{
    None = 0,
    Fin = 0x01,
    Syn = 0x02,
    Rst = 0x04,
    Psh = 0x08,
    Ack = 0x10,
}
