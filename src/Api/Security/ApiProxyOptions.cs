namespace DigitalTwin.Api.Security;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> the API believes, bound from <c>Api:Proxies</c>. Empty by default:
/// the header is ignored, since any client can send it, and the audit log and the rate limit take the TCP peer. Only a
/// request whose peer is one of these proxies is taken to come from the address the header names (and, through a
/// chain of listed proxies, from the first address that is not one).
/// </summary>
public sealed class ApiProxyOptions
{
    public const string SectionName = "Api:Proxies";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.12</c> or <c>fd00::12</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.42.0.0/16</c> (a Kubernetes pod network).</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}
