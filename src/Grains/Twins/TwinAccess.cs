namespace DigitalTwin.Grains.Twins;

/// <summary>What a call asks of a twin, for <see cref="TwinAdmission"/>: each kind is let through by a different set of lifecycles.</summary>
public enum TwinAccess
{
    /// <summary>Device traffic: applied to a pending or active twin, ignored while suspended, refused once decommissioned.</summary>
    DeviceTraffic,

    /// <summary>An API write of the twin's content (definition, metadata, reported and desired state): refused once decommissioned.</summary>
    ContentWrite,

    /// <summary>A new command for the device, or one queued being sent: only a pending or active twin takes it.</summary>
    Command,

    /// <summary>Looking after the twin itself (lifecycle, delete, alerts, cancelling commands, acks): any twin that exists.</summary>
    Management,
}
