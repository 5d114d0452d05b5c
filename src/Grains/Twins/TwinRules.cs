namespace DigitalTwin.Grains.Twins;

/// <summary>The settings the twin rules depend on, taken from <c>TwinOptions</c>.</summary>
public sealed record TwinRules(int TelemetryWindowSize, bool AutoDiscovery, TimeSpan InactivityTimeout, int MaxReportedFields = TwinRules.DefaultMaxReportedFields)
{
    public const int DefaultMaxReportedFields = 1024;

    public const string UnknownType = "unknown";

    public const string AutoDiscoveredKey = "auto_discovered";
}
