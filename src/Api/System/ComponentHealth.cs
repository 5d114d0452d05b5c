namespace DigitalTwin.Api.System;

public sealed record ComponentHealth(string Status, string? Description, double DurationMs);
