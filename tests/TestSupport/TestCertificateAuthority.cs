using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DigitalTwin.TestSupport;

/// <summary>
/// A throw-away certificate authority for tests: ECDSA P-256 keys made in memory, certificates written to a temp
/// directory only when a test needs files, so no private key is ever committed.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private TestCertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A self-signed root valid from ten days ago for a year.</summary>
    public static TestCertificateAuthority Create(string name = "DTN Test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificateAuthority(request.CreateSelfSigned(now.AddDays(-10), now.AddDays(365)));
    }

    /// <summary>An intermediate CA signed by this one.</summary>
    public TestCertificateAuthority IssueIntermediate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        return new TestCertificateAuthority(Sign(request, key, Certificate.NotBefore.AddDays(1), Certificate.NotAfter.AddDays(-1)));
    }

    /// <summary>A server certificate for <c>localhost</c> and <c>127.0.0.1</c>, valid for 30 days unless told otherwise.</summary>
    public X509Certificate2 IssueServer(string commonName = "localhost", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest($"CN={commonName}", key, ServerAuthentication);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        return Sign(request, key, notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(30));
    }

    /// <summary>A client certificate with the subject given (<c>CN=device-1</c>, <c>O=Acme</c>...), for client authentication unless <paramref name="usage"/> says otherwise.</summary>
    public X509Certificate2 IssueClient(string subject, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, Oid? usage = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(subject, key, usage ?? ClientAuthentication);
        var now = DateTimeOffset.UtcNow;
        return Sign(request, key, notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(30));
    }

    /// <summary>Writes the certificate and its key as PEM files <c>{name}.pem</c> and <c>{name}.key</c>; returns their paths.</summary>
    public static (string CertificatePath, string KeyPath) WritePem(X509Certificate2 certificate, string directory, string name)
    {
        var certificatePath = Path.Combine(directory, $"{name}.pem");
        var keyPath = Path.Combine(directory, $"{name}.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The certificate has no ECDSA private key.");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>Writes the certificates (no keys) into one PEM bundle; returns its path.</summary>
    public static string WriteBundle(string path, params X509Certificate2[] certificates)
    {
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
        return path;
    }

    /// <summary>Writes the certificate with its key as a PKCS#12 file protected by <paramref name="password"/>; returns its path.</summary>
    public static string WritePkcs12(X509Certificate2 certificate, string path, string? password)
    {
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    public void Dispose() => Certificate.Dispose();

    private CertificateRequest LeafRequest(string subject, ECDsa key, Oid usage)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        return request;
    }

    private X509Certificate2 Sign(CertificateRequest request, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var issued = request.Create(Certificate, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }
}
