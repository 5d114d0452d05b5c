namespace DigitalTwin.Behaviour.Traffic;

/// <summary>Whether a session started a TLS handshake in the window, and how it ended.</summary>
public enum TlsOutcome : byte
{
    None,
    Completed,
    Failed,
}
