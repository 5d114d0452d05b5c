namespace DigitalTwin.Commands;

/// <summary>
/// How the API answered one POST of a command: the HTTP status, the command's status in the body (null on an
/// error answer) or the error envelope's code, and when the whole answer had arrived (Stopwatch timestamp).
/// </summary>
public sealed record CommandAnswer(int HttpStatus, string? CommandStatus, string? ErrorCode, long AnsweredAt)
{
    /// <summary>How the report counts an answer that is not a success, e.g. <c>202 sent</c> or <c>429 TOO_MANY_COMMANDS</c>.</summary>
    public string Outcome => CommandStatus is null ? $"{HttpStatus} {ErrorCode}" : $"{HttpStatus} {CommandStatus}";
}
