namespace DigitalTwin.Api.Commands;

/// <summary>A page of a job's per-twin outcomes in twin id order.</summary>
internal sealed record CommandJobTargetListResponse(int Count, int Limit, int Offset, IReadOnlyList<CommandJobTargetResponse> Targets);
