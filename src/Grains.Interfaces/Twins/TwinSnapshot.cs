using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>A consistent copy of one twin, as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinSnapshot")]
public sealed record TwinSnapshot
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public required TwinLifecycle Lifecycle { get; init; }
    [Id(3)] public required PresenceStatus Presence { get; init; }
    [Id(4)] public DateTimeOffset? LastSeen { get; init; }
    [Id(5)] public required Dictionary<string, FieldValue> Metadata { get; init; }
    [Id(6)] public required Dictionary<string, FieldValue> Properties { get; init; }
    [Id(7)] public required Dictionary<string, ReportedField> Reported { get; init; }
    [Id(8)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(9)] public required DateTimeOffset LastUpdated { get; init; }
    [Id(10)] public required long Version { get; init; }
    [Id(11)] public required TwinCounters Counters { get; init; }

    /// <summary>The values the device should take, with the time each was last written.</summary>
    [Id(12)] public Dictionary<string, DesiredField> Desired { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Counts the writes of <see cref="Desired"/>; the version of the document sent to the device.</summary>
    [Id(13)] public long DesiredVersion { get; init; }

    /// <summary>The desired values the device has not reported yet (absent or different in <see cref="Reported"/>).</summary>
    [Id(14)] public Dictionary<string, FieldValue> Delta { get; init; } = new(StringComparer.Ordinal);
}
