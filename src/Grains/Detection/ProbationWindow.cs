namespace DigitalTwin.Grains.Detection;

/// <summary>A suspect window waiting out its probation before it is learnt: a copy of its values and when it was.</summary>
internal sealed record ProbationWindow(double[] Values, int SchemaVersion, DateTimeOffset Start, double Seconds);
