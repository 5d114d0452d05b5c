namespace DigitalTwin.Api.Commands;

/// <summary>A job's outcome for one twin: a command status, <c>refused</c> with the reason, or <c>pending</c>.</summary>
internal sealed record CommandJobTargetResponse(string TwinId, string? CommandId, string Outcome, string? Reason, DateTimeOffset? CompletedAt);
