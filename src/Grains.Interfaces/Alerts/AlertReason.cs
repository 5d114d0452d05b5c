namespace DigitalTwin.Grains.Interfaces.Alerts;

/// <summary>
/// One feature behind an anomalous window: its value, the baseline's median and spread (± half the middle 68%), what it
/// added to the window's score, whether it was above normal, and the reason in words
/// (<c>"distinct_destination_ports 312, baseline 2 ± 1"</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.AlertReason")]
public sealed record AlertReason(
    [property: Id(0)] string Feature,
    [property: Id(1)] double Value,
    [property: Id(2)] double Centre,
    [property: Id(3)] double Spread,
    [property: Id(4)] double Score,
    [property: Id(5)] bool Above,
    [property: Id(6)] string Text);
