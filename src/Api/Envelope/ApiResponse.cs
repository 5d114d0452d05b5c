namespace DigitalTwin.Api.Envelope;

/// <summary>The success envelope of every API response (seed §5.3).</summary>
internal sealed record ApiResponse<T>(string Status, T Data, DateTimeOffset Timestamp)
{
    public static ApiResponse<T> Success(T data) => new("success", data, DateTimeOffset.UtcNow);
}
