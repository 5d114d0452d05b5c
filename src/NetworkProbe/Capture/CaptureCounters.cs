namespace DigitalTwin.NetworkProbe.Capture;

/// <summary>Frames read from the capture and what the parser made of them.</summary>
internal sealed class CaptureCounters
{
    public long Frames { get; internal set; }

    /// <summary>Frames that carry no IP packet (ARP, LLDP, ...).</summary>
    public long NotIp { get; internal set; }

    /// <summary>Frames whose headers are broken: skipped.</summary>
    public long Malformed { get; internal set; }

    /// <summary>Frames stamped before 2000 or after tomorrow: skipped.</summary>
    public long BadTimestamps { get; internal set; }

    /// <summary>IP packets cut short by the capture's snap length; their sizes still come from the IP header.</summary>
    public long Truncated { get; internal set; }

    /// <summary>Packets the kernel dropped before the probe read them (live captures only).</summary>
    public long KernelDropped { get; internal set; }
}
