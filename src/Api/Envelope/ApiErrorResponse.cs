namespace DigitalTwin.Api.Envelope;

/// <summary>The error envelope: <c>{"status":"error","error":{"code","message"},"timestamp"}</c>.</summary>
internal sealed record ApiErrorResponse(string Status, ApiErrorBody Error, DateTimeOffset Timestamp)
{
    public static ApiErrorResponse Of(string code, string message) => new("error", new ApiErrorBody(code, message), DateTimeOffset.UtcNow);
}
