namespace DigitalTwin.Grains.Diagnostics;

/// <summary>Message rates over the last 10 and 60 seconds.</summary>
public sealed record IngestRateSnapshot(MessageRates Last10Seconds, MessageRates Last60Seconds);
