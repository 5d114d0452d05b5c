namespace DigitalTwin.Behaviour.Packets;

/// <summary>The link-layer header types (libpcap DLT/LINKTYPE numbers) the parser reads: every member, and no other.</summary>
public enum CaptureLinkType
{
    /// <summary>BSD loopback: a 4-byte address family in host order.</summary>
    Null = 0,
    Ethernet = 1,

    /// <summary>Raw IP as some platforms' libpcap numbers it (DLT_RAW on OpenBSD).</summary>
    RawOpenBsd = 12,

    /// <summary>Raw IP as some platforms' libpcap numbers it (DLT_RAW on BSD/OS).</summary>
    RawBsd = 14,

    /// <summary>Raw IP, no link header (LINKTYPE_RAW as libpcap reports it on Linux).</summary>
    Raw = 101,

    /// <summary>OpenBSD loopback: a 4-byte address family in network order.</summary>
    Loop = 108,

    /// <summary>Linux "cooked" capture (the "any" interface).</summary>
    LinuxSll = 113,
    RawIPv4 = 228,
    RawIPv6 = 229,

    /// <summary>Linux "cooked" capture, version 2.</summary>
    LinuxSll2 = 276,
}
