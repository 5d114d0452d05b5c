namespace DigitalTwin.Grains.Diagnostics;

/// <summary>Messages per second over one window.</summary>
public sealed record MessageRates(double Received, double Accepted, double Rejected);
