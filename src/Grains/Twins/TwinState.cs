using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Network;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Twins;

/// <summary>The persisted state of one twin. Only <see cref="Twin"/> changes it.</summary>
[GenerateSerializer, Alias("dtn.TwinState")]
public sealed class TwinState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Type { get; set; } = "";
    [Id(2)] public TwinLifecycle Lifecycle { get; set; }
    [Id(3)] public Dictionary<string, FieldValue> Metadata { get; set; } = new(StringComparer.Ordinal);
    [Id(4)] public Dictionary<string, FieldValue> Properties { get; set; } = new(StringComparer.Ordinal);
    [Id(5)] public Dictionary<string, ReportedField> Reported { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset LastUpdated { get; set; }
    [Id(8)] public long Version { get; set; }
    [Id(9)] public PresenceStatus AnnouncedPresence { get; set; }
    [Id(10)] public DateTimeOffset? LastSeen { get; set; }
    [Id(11)] public List<TelemetryPoint> Telemetry { get; set; } = [];
    [Id(12)] public long AcceptedMessages { get; set; }
    [Id(13)] public long StaleMessages { get; set; }
    [Id(14)] public long IgnoredMessages { get; set; }
    [Id(15)] public long RejectedMessages { get; set; }

    /// <summary>Messages stamped further ahead of their receive time than <see cref="TwinRules.FutureTimestampTolerance"/>.</summary>
    [Id(19)] public long ClockSkewedMessages { get; set; }

    /// <summary>The sequence of the last device message this state holds; the message log replays what follows.</summary>
    [Id(16)] public long LogSequence { get; set; }

    /// <summary>The twin's commands, oldest first: the unfinished ones and a bounded history of finished ones.</summary>
    [Id(20)] public List<TrackedCommand> Commands { get; set; } = [];

    /// <summary>Acks that matched no unfinished command (unknown, repeated or late); they changed nothing.</summary>
    [Id(21)] public long UnmatchedAcks { get; set; }

    /// <summary>What the API asks the device to take; written only through the API, never by the device.</summary>
    [Id(17)] public Dictionary<string, DesiredField> Desired { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Counts the writes of <see cref="Desired"/>; kept by a deleted twin's tombstone so devices never see it go back.</summary>
    [Id(18)] public long DesiredVersion { get; set; }

    /// <summary>Errors the device reported on <c>device/{id}/error</c>; each was published as an alert.</summary>
    [Id(30)] public long DeviceAlerts { get; set; }

    /// <summary>Start of the latest network window the twin accepted; windows must start after it.</summary>
    [Id(40)] public DateTimeOffset? LatestNetworkWindowStart { get; set; }

    [Id(41)] public long NetworkWindowsAccepted { get; set; }

    /// <summary>Windows refused because they started before the latest one.</summary>
    [Id(42)] public long NetworkWindowsOutOfOrder { get; set; }

    /// <summary>Windows ignored because they repeated the latest one's start (re-sends).</summary>
    [Id(43)] public long NetworkWindowsDuplicate { get; set; }

    /// <summary>
    /// Running statistics per feature over the accepted windows of one feature schema version: a few arrays of one
    /// slot per feature.
    /// </summary>
    [Id(44)] public NetworkStatisticsState? NetworkStatistics { get; set; }

    /// <summary>Times a window of another feature schema version than the statistics' made them start again.</summary>
    [Id(46)] public long NetworkSchemaChanges { get; set; }

    /// <summary>
    /// In-memory mode only: the recent windows, filled when the twin deactivates and emptied when it activates,
    /// so the snapshots in between never carry them. With PostgreSQL the window table holds them.
    /// </summary>
    [Id(45)] public List<NetworkWindowRecord> ParkedNetworkWindows { get; set; } = [];

    /// <summary>Who the twin takes its network windows from: the first source that sent one. Null until then.</summary>
    [Id(50)] public NetworkWindowSource? NetworkSource { get; set; }

    /// <summary>Windows refused because they came from the other source (<see cref="NetworkSource"/>).</summary>
    [Id(51)] public long NetworkWindowsSourceConflicts { get; set; }

    /// <summary>
    /// The silo whose broker held the device's session when the twin was last stored (<see cref="SiloAddress.ToParsableString"/>),
    /// null when the device was not connected: a twin activated after that silo died takes the device offline.
    /// </summary>
    [Id(70)] public string? SessionSilo { get; set; }

    /// <summary>The twin's behaviour baseline and anomaly alerts; null until its first scored window.</summary>
    [Id(60)] public DetectionState? Detection { get; set; }
}
