namespace DigitalTwin.Grains.Twins;

/// <summary>What a twin did with one device message.</summary>
public enum DeviceMessageResult
{
    /// <summary>The message was applied (it may have changed nothing, e.g. a repeated status).</summary>
    Applied,

    /// <summary>Every value was older than the state it would overwrite (last-write-wins by device time).</summary>
    Stale,

    /// <summary>The twin is suspended: the message was dropped and the data kept.</summary>
    Ignored,

    /// <summary>No twin exists and auto-discovery is off.</summary>
    UnknownDevice,

    /// <summary>No twin exists, and auto-discovery has created as many this minute as it may (<c>Twins:MaxDiscoveriesPerMinute</c>).</summary>
    DiscoveryCapped,

    /// <summary>The twin is decommissioned and rejects updates.</summary>
    Decommissioned,

    /// <summary>The message's new field names would take the twin past its cap of reported fields.</summary>
    TooManyFields,

    /// <summary>A network window starting further ahead of its receive time than the twin tolerates: refused.</summary>
    ClockSkewed,

    /// <summary>A network window from a source (device or probe) other than the one the twin takes its windows from: refused.</summary>
    SourceConflict,
}
