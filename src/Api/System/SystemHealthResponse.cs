namespace DigitalTwin.Api.System;

/// <summary>Overall health (healthy, degraded, unhealthy) and each component's check.</summary>
internal sealed record SystemHealthResponse(string Status, double UptimeSeconds, IReadOnlyDictionary<string, ComponentHealth> Checks);
