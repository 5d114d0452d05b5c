namespace DigitalTwin.Grains.Commands;

/// <summary>How twins send and track commands. Bound from the <c>Commands</c> configuration section.</summary>
public sealed class CommandOptions
{
    public const string SectionName = "Commands";

    /// <summary>How long a sent command waits for its ack when the request names no timeout.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest ack timeout a request may ask for.</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a command waits for an offline device when the request names no time-to-live.</summary>
    public TimeSpan DefaultTimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest time-to-live a request may ask for.</summary>
    public TimeSpan MaxTimeToLive { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Unfinished (queued or sent) commands one twin may hold; more are refused with 429.</summary>
    public int MaxPendingPerTwin { get; set; } = 100;

    /// <summary>Finished commands each twin keeps for <c>GET .../commands</c>; older ones are forgotten.</summary>
    public int HistoryPerTwin { get; set; } = 100;

    /// <summary>Largest <c>result</c> object of an ack that is kept, in bytes of JSON; larger acks are refused.</summary>
    public int MaxResultBytes { get; set; } = 4096;

    /// <summary>Most twins one command job may address.</summary>
    public int MaxJobTwins { get; set; } = 10_000;

    /// <summary>
    /// Device types and the actions they accept. The built-in types (<c>temperature_sensor</c>,
    /// <c>environmental_monitor</c>, <c>smart_light</c>, <c>industrial_equipment</c>, <c>camera</c>,
    /// <c>gateway</c>) are added unless configured under the same name; a twin of an undeclared type
    /// accepts no commands.
    /// </summary>
    public Dictionary<string, DeviceTypeDeclaration> DeviceTypes { get; set; } = new(StringComparer.Ordinal);
}
