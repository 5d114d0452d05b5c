namespace DigitalTwin.Grains.Interfaces.Alerts;

/// <summary>The outcome of acknowledging or clearing an alert, with the alert as it now is (null when not found).</summary>
[GenerateSerializer, Immutable, Alias("dtn.AlertWriteResult")]
public sealed record AlertWriteResult([property: Id(0)] AlertWriteStatus Status, [property: Id(1)] AnomalyAlert? Alert);
