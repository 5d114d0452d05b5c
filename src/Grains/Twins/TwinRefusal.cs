namespace DigitalTwin.Grains.Twins;

/// <summary>Why <see cref="TwinAdmission"/> refuses a call, or <see cref="None"/> when it lets it through.</summary>
public enum TwinRefusal
{
    None,

    /// <summary>No twin exists under the id: never created, or deleted.</summary>
    NotFound,

    /// <summary>The caller's <c>If-Match</c>/<c>If-None-Match</c> does not hold for the twin's version.</summary>
    PreconditionFailed,

    Suspended,

    Decommissioned,
}
