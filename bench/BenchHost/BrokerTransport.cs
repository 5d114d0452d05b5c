using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace DigitalTwin.BenchHost;

/// <summary>
/// How the bench's clients reach the broker: plain TCP or TLS (trusting only the roots given, optionally with a client
/// certificate and a server name other than the address), with or without a username and password.
/// </summary>
public sealed class BrokerTransport
{
    private BrokerTransport(string name, X509Certificate2Collection? roots, X509Certificate2? clientCertificate, string? serverName, string? username, string? password)
    {
        Name = name;
        TrustedRoots = roots;
        ClientCertificate = clientCertificate;
        ServerName = serverName;
        Username = username;
        Password = password;
    }

    /// <summary><c>plain</c>, <c>tls</c> or <c>secure</c>, as <c>--transport</c> names it.</summary>
    public string Name { get; }

    public bool UsesTls => TrustedRoots is not null;

    public X509Certificate2Collection? TrustedRoots { get; }

    public X509Certificate2? ClientCertificate { get; }

    public string? ServerName { get; }

    public string? Username { get; }

    public string? Password { get; }

    /// <summary>The same connection under another name in the report (<c>secure</c>: TLS to a broker that authenticates).</summary>
    public BrokerTransport Named(string name) => new(name, TrustedRoots, ClientCertificate, ServerName, Username, Password);

    /// <summary>The same connection with one device's own credentials.</summary>
    public BrokerTransport WithCredentials(string username, string password) => new(Name, TrustedRoots, ClientCertificate, ServerName, username, password);

    /// <summary>This transport for one device: with its secret when the run issued secrets (<c>secure</c>), else as it is.</summary>
    public BrokerTransport For(string deviceId, IReadOnlyDictionary<string, string>? secrets) =>
        secrets is null ? this : WithCredentials(deviceId, secrets[deviceId]);

    public static BrokerTransport Plain(string? username, string? password) => new("plain", null, null, null, username, password);

    /// <summary>TLS trusting <paramref name="roots"/> and nothing else.</summary>
    public static BrokerTransport Tls(X509Certificate2Collection roots, X509Certificate2? clientCertificate, string? serverName, string? username, string? password) =>
        new("tls", roots, clientCertificate, serverName, username, password);

    /// <summary>TLS trusting the PEM bundle <paramref name="caFile"/>, with the client certificate of <paramref name="certificateFile"/> and <paramref name="keyFile"/> when given.</summary>
    public static BrokerTransport Tls(string caFile, string? certificateFile, string? keyFile, string? serverName, string? username, string? password)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caFile);
        var client = certificateFile is null ? null : X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        return Tls(roots, client, serverName, username, password);
    }

    /// <summary>What an <see cref="SslStream"/> to <paramref name="host"/> needs; null for plain TCP.</summary>
    public SslClientAuthenticationOptions? SslOptions(string host)
    {
        if (TrustedRoots is null)
        {
            return null;
        }

        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(TrustedRoots);
        return new SslClientAuthenticationOptions
        {
            TargetHost = ServerName ?? host,
            CertificateChainPolicy = policy,
            ClientCertificates = ClientCertificate is null ? null : [ClientCertificate],
        };
    }

    /// <summary>Adds TLS and credentials to an MQTTnet client's options.</summary>
    public MqttClientOptionsBuilder Apply(MqttClientOptionsBuilder builder)
    {
        if (Username is not null)
        {
            builder.WithCredentials(Username, Password);
        }

        if (TrustedRoots is null)
        {
            return builder;
        }

        return builder.WithTlsOptions(tls =>
        {
            // A private CA publishes no revocation list the bench could reach.
            tls.UseTls().WithTrustChain(TrustedRoots).WithRevocationMode(X509RevocationMode.NoCheck);
            if (ServerName is not null)
            {
                tls.WithTargetHost(ServerName);
            }

            if (ClientCertificate is not null)
            {
                tls.WithClientCertificates([ClientCertificate]);
            }
        });
    }
}
