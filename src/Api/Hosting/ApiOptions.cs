namespace DigitalTwin.Api.Hosting;

/// <summary>HTTP API settings. Bound from the <c>Api</c> section.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest request body accepted; larger ones get 413 <c>PAYLOAD_TOO_LARGE</c>.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
