using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Security;

/// <summary>Stops the silo on a rate limit or a CORS origin that cannot work, naming the key.</summary>
internal sealed class ApiEdgeOptionsValidator : IValidateOptions<ApiRateLimitOptions>, IValidateOptions<ApiCorsOptions>
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
}
