namespace DigitalTwin.Grains.Hosting;

/// <summary>How twins behave. Bound from the <c>Twins</c> configuration section.</summary>
public sealed class TwinOptions
{
    public const string SectionName = "Twins";

    /// <summary>Telemetry messages each twin keeps in memory for <c>GET .../telemetry</c>.</summary>
    public int TelemetryWindowSize { get; set; } = 100;

    /// <summary>Distinct reported fields one twin may hold; a message or write with new names beyond it is refused.</summary>
    public int MaxReportedFields { get; set; } = Twins.TwinRules.DefaultMaxReportedFields;

    /// <summary>Create a twin, marked <c>metadata.auto_discovered</c>, for the first valid message of an unknown device.</summary>
    public bool AutoDiscovery { get; set; } = true;

    /// <summary>
    /// Twins auto-discovery may create per minute on each silo; 0 (the default) for no cap. Production mode requires a
    /// cap while auto-discovery is on. A message of an unknown device over the cap is refused with
    /// <c>DISCOVERY_CAPPED</c> on <c>device/{id}/error</c>.
    /// </summary>
    public int MaxDiscoveriesPerMinute { get; set; }

    /// <summary>A device not seen for this long counts as offline.</summary>
    public TimeSpan InactivityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far ahead of the platform clock a device timestamp may be before the message is refused.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far ahead of its receive time a device timestamp may be and still order the message's values. A message
    /// further ahead (but within <see cref="MaxClockSkew"/>) is ordered by its receive time instead, so a device clock
    /// running ahead cannot freeze a field until the real time catches up; a network window that far ahead is refused.
    /// </summary>
    public TimeSpan FutureTimestampTolerance { get; set; } = Twins.ClockSkew.DefaultTolerance;

    /// <summary>
    /// Device traffic is written to grain storage behind, at most this long after the change (and at deactivation);
    /// API writes are written before they are answered.
    /// </summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a twin gathers changes before it sends its directory entry (listings lag by at most this plus the writer's flush).</summary>
    public TimeSpan DirectoryUpdateInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
