namespace DigitalTwin.Api.System;

/// <summary>Twins in the directory, twin activations in memory across the cluster, directory entries not yet written.</summary>
internal sealed record TwinCounts(int Registered, int Active, int DirectoryPending);
