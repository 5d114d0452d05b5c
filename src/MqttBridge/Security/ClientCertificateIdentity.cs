using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Twins;
using DigitalTwin.MqttBridge.Hosting;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// Decides which device a client certificate proves. The certificate must chain to one of the configured
/// authorities (<c>Mqtt:Tls:ClientCaPath</c>) and to nothing else (the machine's trust store plays no part), be valid
/// now, allow client authentication when it restricts its use, and carry exactly one subject common name (CN) that
/// is a valid device id: that CN is the device id.
/// </summary>
internal sealed class ClientCertificateIdentity
{
    /// <summary>The session item holding the device id the connection's certificate proved.</summary>
    public const string SessionItemKey = "dtn.certificate-device-id";

    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private const string CommonNameOid = "2.5.4.3";

    private readonly X509Certificate2Collection _roots = [];
    private readonly X509Certificate2Collection _intermediates = [];
    private readonly TimeProvider _time;

    public ClientCertificateIdentity(X509Certificate2Collection authorities, TimeProvider time)
    {
        if (authorities.Count == 0)
        {
            throw new ArgumentException("At least one certificate authority is needed.", nameof(authorities));
        }

        // Self-signed certificates are the roots trusted; an intermediate in the bundle only helps build the chain up to one.
        foreach (var authority in authorities)
        {
            (authority.SubjectName.RawData.AsSpan().SequenceEqual(authority.IssuerName.RawData) ? _roots : _intermediates).Add(authority);
        }

        if (_roots.Count == 0)
        {
            throw new ArgumentException("The bundle holds no self-signed root certificate.", nameof(authorities));
        }

        _time = time;
    }

    /// <summary>Reads the PEM bundle <c>Mqtt:Tls:ClientCaPath</c>, naming the setting when it is missing or holds no root.</summary>
    public static ClientCertificateIdentity FromBundle(string? path, TimeProvider time)
    {
        const string key = $"{MqttTlsOptions.SectionName}:{nameof(MqttTlsOptions.ClientCaPath)}";
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CertificateFileException($"{key} must name a PEM bundle of the certificate authorities that sign device certificates.");
        }

        if (!File.Exists(path))
        {
            throw new CertificateFileException($"{key}: the file '{path}' does not exist.");
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
            return new ClientCertificateIdentity(authorities, time);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException)
        {
            throw new CertificateFileException($"{key}: '{path}' is not a PEM bundle with at least one self-signed CA certificate: {ex.Message}", ex);
        }
    }

    public ClientCertificateVerdict Verify(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.ExtraStore.AddRange(_intermediates);
        // Device certificates are short-lived or revoked by removing their CA; there is no CRL or OCSP to ask offline.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (!chain.Build(certificate))
        {
            var problems = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);
            var listed = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
            return ClientCertificateVerdict.Refused(CountedAs(problems), $"the client certificate {certificate.Subject} does not chain to a configured CA ({string.Join(", ", listed)})");
        }

        var names = CommonNames(certificate);
        return names switch
        {
            [] => ClientCertificateVerdict.Refused(BrokerSecurityMetrics.CertificateBadName, $"the client certificate {certificate.Subject} has no CN to take the device id from"),
            [var name] when DeviceId.IsValid(name) => ClientCertificateVerdict.Proven(name),
            [var name] => ClientCertificateVerdict.Refused(BrokerSecurityMetrics.CertificateBadName, $"the client certificate's CN '{name}' is not a device id: use {DeviceId.Rule}"),
            _ => ClientCertificateVerdict.Refused(BrokerSecurityMetrics.CertificateBadName, $"the client certificate {certificate.Subject} has {names.Count} CNs; exactly one names the device"),
        };
    }

    // Trust first: a certificate from an unknown CA is refused for that whatever else is wrong with it, so the count of
    // expired certificates says "our devices need new certificates", not "someone tried an old one of theirs".
    private static string CountedAs(X509ChainStatusFlags problems) =>
        (problems & ~(X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotValidForUsage)) != 0 ? BrokerSecurityMetrics.CertificateUntrusted
        : problems.HasFlag(X509ChainStatusFlags.NotTimeValid) ? BrokerSecurityMetrics.CertificateExpired
        : problems.HasFlag(X509ChainStatusFlags.NotValidForUsage) ? BrokerSecurityMetrics.CertificateNotForClients
        : BrokerSecurityMetrics.CertificateUntrusted;

    private static List<string> CommonNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var name in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (name.HasMultipleElements)
            {
                // A multi-valued RDN holding a CN is ambiguous; counting it as a second CN refuses the certificate.
                var reader = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSetOf();
                while (reader.HasData)
                {
                    var attribute = reader.ReadSequence();
                    if (attribute.ReadObjectIdentifier() == CommonNameOid)
                    {
                        names.Add("");
                    }

                    attribute.ReadEncodedValue();
                }
            }
            else if (name.GetSingleElementType().Value == CommonNameOid)
            {
                names.Add(name.GetSingleElementValue() ?? "");
            }
        }

        return names;
    }
}
