namespace DigitalTwin.Api.Security;

/// <summary>
/// Requests each API client may make per window, bound from <c>Api:RateLimit</c>. A client is its authenticated
/// name (API key name or JWT subject), or its remote address when it presents no valid credential. Off by default
/// (<see cref="PermitLimit"/> 0): the benchmarks drive the API far past any sensible per-client limit.
/// </summary>
public sealed class ApiRateLimitOptions
{
    public const string SectionName = "Api:RateLimit";

    /// <summary>Requests per client per <see cref="Window"/>; 0 switches the limit off. Over it: 429 <c>THROTTLED</c> with <c>Retry-After</c>.</summary>
    public int PermitLimit { get; set; }

    /// <summary>The fixed window the permits are counted in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => PermitLimit > 0;
}
