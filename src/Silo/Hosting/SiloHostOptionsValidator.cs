using System.Net;
using DigitalTwin.Persistence.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Silo.Hosting;

/// <param name="configuration">The whole configuration: Kubernetes hosting depends on the PostgreSQL section.</param>
/// <param name="environment">Reads an environment variable (the process's own outside tests).</param>
internal sealed class SiloHostOptionsValidator(IConfiguration configuration, Func<string, string?> environment) : IValidateOptions<SiloHostOptions>
{
    public SiloHostOptionsValidator(IConfiguration configuration)
        : this(configuration, Environment.GetEnvironmentVariable)
    {
    }

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

        if (options.KubernetesHosting)
        {
            var key = $"{SiloHostOptions.SectionName}:{nameof(options.KubernetesHosting)}";
            if (string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")))
            {
                failures.Add($"{key} is true, but this process is not in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set): set it to false outside Kubernetes.");
            }

            if (configuration.GetSection(PostgresOptions.SectionName).Get<PostgresOptions>() is not { Enabled: true })
            {
                failures.Add($"{key} needs PostgreSQL clustering: set {PostgresOptions.SectionName}:{nameof(PostgresOptions.ConnectionString)}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
