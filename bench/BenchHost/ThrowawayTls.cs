using DigitalTwin.TestSupport;

namespace DigitalTwin.BenchHost;

/// <summary>
/// The certificate a TLS run gives the silo it starts: a CA and a server certificate for 127.0.0.1 made for this
/// invocation, written to a temp directory that is removed when the process ends.
/// </summary>
public sealed class ThrowawayTls
{
    private ThrowawayTls(TestCertificateAuthority authority, string certificatePath, string keyPath)
    {
        Authority = authority;
        CertificatePath = certificatePath;
        KeyPath = keyPath;
    }

    public TestCertificateAuthority Authority { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public static ThrowawayTls Create()
    {
        var directory = Directory.CreateTempSubdirectory("dtn-bench-tls-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => directory.Delete(recursive: true);
        var authority = TestCertificateAuthority.Create("DTN bench CA");
        using var server = authority.IssueServer();
        var (certificatePath, keyPath) = TestCertificateAuthority.WritePem(server, directory.FullName, "server");
        return new ThrowawayTls(authority, certificatePath, keyPath);
    }
}
