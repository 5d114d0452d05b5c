namespace DigitalTwin.Behaviour.Packets;

/// <summary>What a <see cref="TrafficObserver"/> has done so far; read by the probe for its progress and exit summary.</summary>
public sealed class TrafficObserverCounters
{
    /// <summary>IP packets observed.</summary>
    public long Packets { get; internal set; }

    /// <summary>Flows tracked right now.</summary>
    public int Flows { get; internal set; }

    /// <summary>Most flows tracked at once.</summary>
    public int PeakFlows { get; internal set; }

    /// <summary>Flows dropped before their timeout because the table was full.</summary>
    public long FlowsEvicted { get; internal set; }

    /// <summary>Hosts that became devices (sent a packet the device rule accepts), counting one again after it was forgotten.</summary>
    public int Devices { get; internal set; }

    /// <summary>Devices forgotten after <see cref="TrafficObserverOptions.DeviceIdleTimeout"/> of silence.</summary>
    public long DevicesForgotten { get; internal set; }

    /// <summary>Packets of device hosts beyond <see cref="TrafficObserverOptions.MaxDevices"/>, left out.</summary>
    public long PacketsOfRefusedDevices { get; internal set; }

    /// <summary>Packets stamped earlier than one already seen, counted at the later time.</summary>
    public long PacketsOutOfOrder { get; internal set; }

    public long WindowsBuilt { get; internal set; }
}
