namespace DigitalTwin.Api.System;

internal sealed record ComponentHealth(string Status, string? Description, double DurationMs);
