using System.Security.Cryptography.X509Certificates;
using DigitalTwin.Behaviour.Wire;

namespace DigitalTwin.BenchHost;

/// <summary>
/// How a bench's devices reach a silo the bench starts (<c>--transport</c>): <c>plain</c> TCP; <c>tls</c>, the silo
/// serving only MQTT over TLS with a throwaway certificate its devices trust; <c>secure</c>, TLS plus broker
/// authentication and the topic ACL, each device with its own secret issued through the silo's API, as production
/// runs. The same names and settings serve every bench, so their figures for one transport compare.
/// </summary>
public sealed class SiloTransport
{
    public const string Plain = "plain";

    public const string Tls = "tls";

    public const string Secure = "secure";

    private ThrowawayTls? _certificate;

    private SiloTransport(string name) => Name = name;

    public string Name { get; }

    /// <summary>The transport <paramref name="value"/> names (any case); null, with the reason, for anything else.</summary>
    public static SiloTransport? Parse(string option, string value, out string? error)
    {
        var name = value.Trim().ToLowerInvariant();
        error = name is Plain or Tls or Secure ? null : $"{option} must be {Plain}, {Tls} or {Secure}; got '{value}'.";
        return error is null ? new SiloTransport(name) : null;
    }

    public static SiloTransport PlainTcp { get; } = new(Plain);

    /// <summary>
    /// The silo's settings for this transport: over TLS only the TLS listener, on <paramref name="mqttPort"/>, with the
    /// throwaway certificate; <c>secure</c> adds broker authentication and the topic ACL.
    /// </summary>
    public IReadOnlyList<string> SiloArguments(int mqttPort) => Name switch
    {
        Tls => TlsArguments(mqttPort),
        Secure => [.. TlsArguments(mqttPort), "--Mqtt:Auth:Enabled=true"],
        _ => [],
    };

    /// <summary>How the devices connect: trusting only the throwaway CA over TLS, with <paramref name="username"/> when given.</summary>
    public BrokerTransport Devices(string? username = null, string? password = null) => Name switch
    {
        Tls => BrokerTransport.Tls([TrustedRoot()], null, null, username, password),
        Secure => BrokerTransport.Tls([TrustedRoot()], null, null, null, null).Named(Secure),
        _ => BrokerTransport.Plain(username, password),
    };

    /// <summary>For <c>secure</c>, a new secret for each device through the silo's API at <paramref name="api"/>; null otherwise.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> IssueSecretsAsync(Uri api, IEnumerable<string> deviceIds, CancellationToken cancellationToken)
    {
        if (Name != Secure)
        {
            return null;
        }

        using var issuer = new DeviceCredentialIssuer(api, apiKey: null);
        return await issuer.IssueAsync(deviceIds, cancellationToken);
    }

    private X509Certificate2 TrustedRoot() => X509CertificateLoader.LoadCertificate(Certificate.Authority.Certificate.RawData);

    private string[] TlsArguments(int mqttPort) =>
    [
        "--Mqtt:PlainEnabled=false",
        "--Mqtt:Tls:Enabled=true",
        $"--Mqtt:Tls:Port={mqttPort}",
        $"--Mqtt:Tls:CertificatePath={Certificate.CertificatePath}",
        $"--Mqtt:Tls:KeyPath={Certificate.KeyPath}",
    ];

    private ThrowawayTls Certificate => _certificate ??= ThrowawayTls.Create();
}
