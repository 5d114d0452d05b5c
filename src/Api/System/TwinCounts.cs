namespace DigitalTwin.Api.System;

/// <summary>Twins in the directory, twin activations in memory across the cluster, directory entries not yet written.</summary>
public sealed record TwinCounts(int Registered, int Active, int DirectoryPending);
