namespace DigitalTwin.Commands;

/// <summary>A command job as <c>GET /api/v1/commands/jobs/{id}</c> shows it: its status and how many twins reached each outcome.</summary>
public sealed record JobProgress(string Status, int Targets, IReadOnlyDictionary<string, int> Counts);
