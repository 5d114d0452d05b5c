namespace DigitalTwin.Grains.Interfaces.Network;

/// <summary>
/// What a twin knows of its device's network behaviour: recent windows (newest first, each with its feature schema
/// version), running statistics over the windows of one version, how many windows it accepted, found out of order
/// and ignored as re-sends, and how often a window of another version made the statistics start again.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.NetworkBehaviourView")]
public sealed record NetworkBehaviourView(
    [property: Id(0)] string DeviceType,
    [property: Id(1)] NetworkWindowRecord[] Windows,
    [property: Id(2)] NetworkFeatureStatistics Statistics,
    [property: Id(3)] long WindowsAccepted,
    [property: Id(4)] long WindowsOutOfOrder,
    [property: Id(5)] long WindowsDuplicate,
    [property: Id(6)] DateTimeOffset? LatestWindowStart,
    [property: Id(7)] long SchemaChanges)
{
    /// <summary>Who the twin takes its windows from; null before the first.</summary>
    [Id(9)] public NetworkWindowSource? Source { get; init; }

    /// <summary>Windows refused because they came from the other source.</summary>
    [Id(10)] public long WindowsSourceConflicts { get; init; }
}
