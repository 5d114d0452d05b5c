namespace DigitalTwin.Api.Security;

/// <summary>
/// Browser origins allowed to call the API from their pages (CORS), bound from <c>Api:Cors</c>. Empty by default:
/// no CORS headers are sent, so browsers keep other origins' pages from reading the API.
/// </summary>
public sealed class ApiCorsOptions
{
    public const string SectionName = "Api:Cors";

    /// <summary>Origins such as <c>https://ops.example.com</c> (scheme, host and port; no path, no wildcard).</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
