using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Security;

/// <summary>Stops the silo on a rate limit, a CORS origin or a trusted proxy that cannot work, naming the key.</summary>
internal sealed class ApiEdgeOptionsValidator : IValidateOptions<ApiRateLimitOptions>, IValidateOptions<ApiCorsOptions>, IValidateOptions<ApiProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiRateLimitOptions options)
    {
        var failures = new List<string>();
        if (options.PermitLimit < 0)
        {
            failures.Add($"{ApiRateLimitOptions.SectionName}:PermitLimit must be 0 (off) or more, got {options.PermitLimit}.");
        }

        if (options.Window < TimeSpan.FromSeconds(1) || options.Window > TimeSpan.FromHours(1))
        {
            failures.Add($"{ApiRateLimitOptions.SectionName}:Window must be between 00:00:01 and 01:00:00, got {options.Window}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, ApiCorsOptions options)
    {
        for (var i = 0; i < options.AllowedOrigins.Length; i++)
        {
            var origin = options.AllowedOrigins[i];
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || origin.EndsWith('/') || origin.Contains('*'))
            {
                return ValidateOptionsResult.Fail($"{ApiCorsOptions.SectionName}:AllowedOrigins:{i} must be an origin like https://ops.example.com (no path, no wildcard), not '{origin}'.");
            }
        }

        return ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, ApiProxyOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Length; i++)
        {
            if (!IsAddress(options.KnownProxies[i]))
            {
                failures.Add($"{ApiProxyOptions.SectionName}:KnownProxies:{i} must be an IP address such as 10.0.0.12, not '{options.KnownProxies[i]}'.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Length; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _) || !IsAddress(options.KnownNetworks[i].Split('/')[0]))
            {
                failures.Add($"{ApiProxyOptions.SectionName}:KnownNetworks:{i} must be a network in CIDR notation such as 10.42.0.0/16, not '{options.KnownNetworks[i]}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // .NET also parses the old inet_aton shorthands: "10.0.12" is 10.0.0.12, "10" is 0.0.0.10, "010.0.0.12" octal. A typo
    // in a list of trusted proxies would then trust some other host, so an IPv4 address must be written out in full.
    private static bool IsAddress(string text) =>
        IPAddress.TryParse(text, out var address)
        && (address.AddressFamily != AddressFamily.InterNetwork || address.ToString() == text);
}
