using System.Net;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Silo.Hosting;

internal sealed class SiloHostOptionsValidator : IValidateOptions<SiloHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloHostOptions options)
    {
        var failures = new List<string>();
        if (options.SiloPort is < 1 or > 65535)
        {
            failures.Add($"{SiloHostOptions.SectionName}:{nameof(options.SiloPort)} must be a TCP port (1-65535), got {options.SiloPort}.");
        }

        if (options.GatewayPort is < 1 or > 65535 || options.GatewayPort == options.SiloPort)
        {
            failures.Add($"{SiloHostOptions.SectionName}:{nameof(options.GatewayPort)} must be a TCP port (1-65535) other than the silo port, got {options.GatewayPort}.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{SiloHostOptions.SectionName}:{nameof(options.ClusterId)} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add($"{SiloHostOptions.SectionName}:{nameof(options.ServiceId)} must not be empty.");
        }

        if (options.AdvertisedIPAddress.Length > 0 && !IPAddress.TryParse(options.AdvertisedIPAddress, out _))
        {
            failures.Add($"{SiloHostOptions.SectionName}:{nameof(options.AdvertisedIPAddress)} must be an IP address or empty, got '{options.AdvertisedIPAddress}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
