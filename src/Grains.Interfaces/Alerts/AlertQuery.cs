namespace DigitalTwin.Grains.Interfaces.Alerts;

/// <summary>
/// A filter and a page over the alert index: every given filter must match; <see cref="From"/> and
/// <see cref="To"/> bound <see cref="AnomalyAlert.LastSeen"/> (both inclusive). Alerts come newest
/// <see cref="AnomalyAlert.UpdatedAt"/> first, then by id; a page starts right after <see cref="Cursor"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.AlertQuery")]
public sealed record AlertQuery
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 1000;

    [Id(0)] public string? TwinId { get; init; }

    /// <summary>The suspected behaviour (<see cref="AnomalyAlert.Type"/>).</summary>
    [Id(1)] public string? Type { get; init; }

    [Id(2)] public AlertSeverity? Severity { get; init; }

    [Id(3)] public AlertStatus? Status { get; init; }

    [Id(4)] public bool? Acknowledged { get; init; }

    [Id(5)] public DateTimeOffset? From { get; init; }

    [Id(6)] public DateTimeOffset? To { get; init; }

    [Id(7)] public int Limit { get; init; } = DefaultLimit;

    /// <summary>An opaque position from <see cref="AlertPage.NextCursor"/>.</summary>
    [Id(8)] public string? Cursor { get; init; }
}
