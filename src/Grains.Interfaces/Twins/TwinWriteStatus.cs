namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>The outcome of a write to a twin; each maps to one API error code.</summary>
[GenerateSerializer, Alias("dtn.TwinWriteStatus")]
public enum TwinWriteStatus : byte
{
    Applied = 0,
    NotFound = 1,
    AlreadyExists = 2,
    InvalidTransition = 3,
    Decommissioned = 4,

    /// <summary>Every value written is older than the one the twin holds (a device clock ahead of the server's).</summary>
    Stale = 5,

    /// <summary>The write's new field names would take the twin past its cap of reported fields.</summary>
    TooManyFields = 6,

    /// <summary>The write named a twin version (If-Match) that is not the twin's current one.</summary>
    PreconditionFailed = 7,
}
