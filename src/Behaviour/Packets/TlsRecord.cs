namespace DigitalTwin.Behaviour.Packets;

/// <summary>What a TCP segment's payload starts with, when it starts with a TLS record header.</summary>
public enum TlsRecord : byte
{
    None,
    ClientHello,
    ServerHello,

    /// <summary>Another handshake message, or a change-cipher-spec record.</summary>
    Handshake,
    Alert,
    ApplicationData,
}
