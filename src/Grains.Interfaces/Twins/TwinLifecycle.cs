namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>Lifecycle of a twin (seed §10.1).</summary>
[GenerateSerializer, Alias("dtn.TwinLifecycle")]
public enum TwinLifecycle : byte
{
    /// <summary>Created by the API, not yet synchronised with its device.</summary>
    Pending = 0,

    /// <summary>Running and synchronised: device traffic is applied.</summary>
    Active = 1,

    /// <summary>Temporarily paused: device traffic is ignored, data is kept.</summary>
    Suspended = 2,

    /// <summary>Permanently stopped: every update is rejected.</summary>
    Decommissioned = 3,
}
