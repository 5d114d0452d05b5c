namespace DigitalTwin.Grains.Interfaces.Alerts;

/// <summary>
/// An anomaly alert of one twin: the behaviour suspected (<see cref="Type"/>: an anomaly class such as <c>port_scan</c>,
/// or <c>unclassified</c>), its severity, the window times it was first and last seen in, its status, who
/// acknowledged or cleared it and when, and the evidence: the scores and reasons of the windows that raised it (the
/// first few and the latest, bounded). A twin has at most one active alert per type; later anomalous windows of that
/// type update it. <see cref="Id"/> is <c>{twin id}:{number}</c>, the number counting the twin's alerts from 1.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.AnomalyAlert")]
public sealed record AnomalyAlert(
    [property: Id(0)] string TwinId,
    [property: Id(1)] long Number,
    [property: Id(2)] string Type,
    [property: Id(3)] AlertSeverity Severity,
    [property: Id(4)] AlertStatus Status,
    [property: Id(5)] DateTimeOffset FirstSeen,
    [property: Id(6)] DateTimeOffset LastSeen,
    [property: Id(7)] long Windows,
    [property: Id(8)] double PeakScore,
    [property: Id(9)] IReadOnlyList<AlertEvidence> Evidence)
{
    /// <summary>The separator of <see cref="Id"/>: device ids never hold it.</summary>
    public const char IdSeparator = ':';

    public string Id => $"{TwinId}{IdSeparator}{Number}";

    /// <summary>The twin's device type when the alert was raised.</summary>
    [Id(10)] public string TwinType { get; init; } = "";

    /// <summary>Whether the windows were judged against the twin's own baseline or its peers' (<c>own</c>, <c>peer</c>).</summary>
    [Id(11)] public string Baseline { get; init; } = "";

    /// <summary>Consecutive normal windows since the alert was last seen: it clears itself at the configured count.</summary>
    [Id(12)] public int NormalWindows { get; init; }

    [Id(13)] public string? AcknowledgedBy { get; init; }

    [Id(14)] public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Who cleared it: <c>auto</c> (normal traffic), <c>lifecycle</c> (the twin was suspended or decommissioned) or a person.</summary>
    [Id(15)] public string? ClearedBy { get; init; }

    [Id(16)] public DateTimeOffset? ClearedAt { get; init; }

    /// <summary>When the alert last changed (platform time): the order of an alert list.</summary>
    [Id(17)] public DateTimeOffset UpdatedAt { get; init; }
}
