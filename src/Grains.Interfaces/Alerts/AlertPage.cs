namespace DigitalTwin.Grains.Interfaces.Alerts;

/// <summary>
/// One page of an alert query and the number of alerts that match it in all. <see cref="NextCursor"/> continues
/// after the last alert of the page; null when no match follows it.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.AlertPage")]
public sealed record AlertPage(
    [property: Id(0)] int Total,
    [property: Id(1)] AnomalyAlert[] Alerts,
    [property: Id(2)] string? NextCursor = null);
