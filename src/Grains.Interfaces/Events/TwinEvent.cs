namespace DigitalTwin.Grains.Interfaces.Events;

/// <summary>
/// One event on the live feeds (<c>/ws</c>, <c>/api/v1/events</c>): a twin update, a presence change, an alert
/// or a command status change. The producer renders <see cref="Json"/> once; every consumer on every silo is
/// sent these same bytes, so the JSON must never be changed after the event is published.
/// </summary>
/// <param name="Type">The event type, one of <see cref="TwinEventTypes"/>; also the SSE <c>event:</c> name.</param>
/// <param name="TwinId">The twin the event is about (subscriptions by twin id match on it).</param>
/// <param name="TwinType">The twin's device type (subscriptions by type match on it).</param>
/// <param name="Timestamp">When the event happened, platform time.</param>
/// <param name="Json">The complete UTF-8 JSON object sent to consumers; it carries <c>"type"</c> and <c>"twin_id"</c> itself.</param>
[GenerateSerializer, Immutable, Alias("dtn.TwinEvent")]
public sealed record TwinEvent(
    [property: Id(0)] string Type,
    [property: Id(1)] string TwinId,
    [property: Id(2)] string TwinType,
    [property: Id(3)] DateTimeOffset Timestamp,
    [property: Id(4)] byte[] Json)
{
    /// <summary>Of an <c>anomaly_alert</c> event: the alert's severity (<c>warning</c>, <c>critical</c>), so feeds filter without reading the JSON.</summary>
    [Id(5)] public string? AlertSeverity { get; init; }

    /// <summary>Of an <c>anomaly_alert</c> event: the suspected behaviour (<c>port_scan</c>, ...).</summary>
    [Id(6)] public string? AlertType { get; init; }
}
