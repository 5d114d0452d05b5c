using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.Grains.Twins;

/// <summary>The settings the twin rules depend on, taken from <c>TwinOptions</c>.</summary>
public sealed record TwinRules(int TelemetryWindowSize, bool AutoDiscovery, TimeSpan InactivityTimeout, int MaxReportedFields = TwinRules.DefaultMaxReportedFields)
{
    public const int DefaultMaxReportedFields = 1024;

    /// <summary>
    /// Desired fields one twin may hold: as many as one payload may carry, so the desired document a
    /// device receives is never larger than what it may send itself (field for field).
    /// </summary>
    public const int MaxDesiredFields = FieldLimits.MaxFields;

    public const string UnknownType = "unknown";

    public const string AutoDiscoveredKey = "auto_discovered";

    /// <summary>How far ahead of its receive time a device time may be and still order values (<see cref="ClockSkew"/>).</summary>
    public TimeSpan FutureTimestampTolerance { get; init; } = ClockSkew.DefaultTolerance;

    /// <summary>What auto-discovery may still create on this silo; null for no cap.</summary>
    public DiscoveryQuota? Discovery { get; init; }
}
