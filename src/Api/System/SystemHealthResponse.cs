namespace DigitalTwin.Api.System;

/// <summary>Overall health (healthy, degraded, unhealthy) and each component's check.</summary>
public sealed record SystemHealthResponse(string Status, double UptimeSeconds, IReadOnlyDictionary<string, ComponentHealth> Checks);
