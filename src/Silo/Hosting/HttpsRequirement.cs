using DigitalTwin.Grains.Security;

namespace DigitalTwin.Silo.Hosting;

/// <summary>
/// Production needs the API (and the bearer tokens it carries) served over HTTPS, on every address Kestrel listens on,
/// unless <c>Security:AllowPlainHttp</c> says TLS ends in front of the silo. Reads the configuration, not
/// <see cref="SecurityOptions"/>, whose own validation asks this requirement.
/// </summary>
internal sealed class HttpsRequirement(IConfiguration configuration) : ISecurityRequirement
{
    public IEnumerable<string> FindGaps()
    {
        if ((configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions()).AllowPlainHttp)
        {
            yield break;
        }

        var plain = ListeningPorts.HttpUrls(configuration).Where(url => !url.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)).ToList();
        if (plain.Count > 0)
        {
            yield return $"the API answers plain HTTP ({string.Join(", ", plain.Select(url => $"{url.Key}={url.Url}"))}): serve it over HTTPS (https:// addresses with Kestrel:Certificates:Default:Path and KeyPath), or, behind a proxy that terminates TLS, set {SecurityOptions.SectionName}:{nameof(SecurityOptions.AllowPlainHttp)}=true.";
        }
    }
}
