namespace DigitalTwin.Api.Commands;

/// <summary>A page of a twin's commands, newest first, and the acks that matched no unfinished command.</summary>
internal sealed record CommandListResponse(int Count, int Limit, int Offset, IReadOnlyList<CommandResponse> Commands, long UnmatchedAcks);
