namespace DigitalTwin.Behaviour.Packets;

public enum DnsMessageKind : byte
{
    None,
    Query,
    Response,
}
