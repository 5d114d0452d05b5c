using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.TestSupport;

namespace DigitalTwin.Behaviour.Tests.Wire;

/// <summary>The TLS and credential options of the broker's clients: what turns TLS on, which certificate a device presents, what is refused.</summary>
public sealed class BrokerSecurityTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-client-tls-");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();

    [Fact]
    public void NoOptionsMeanPlainMqtt()
    {
        var security = BrokerSecurity.Read(false, null, null, null, null, null, null, null);

        Assert.False(security.UsesTls);
        Assert.Null(security.ClientCertificateFor("sensor-1"));
    }

    [Fact]
    public void ACaFileTurnsTlsOnAndIsTheOnlyTrust()
    {
        var caFile = TestCertificateAuthority.WriteBundle(Path.Combine(_directory.FullName, "ca.pem"), _ca.Certificate);

        var security = BrokerSecurity.Read(false, caFile, null, null, null, null, null, null);

        Assert.True(security.UsesTls);
        Assert.Equal(_ca.Certificate.Thumbprint, Assert.Single(security.TrustedRoots!).Thumbprint);
    }

    [Fact]
    public void EachDeviceTakesItsOwnCertificateFromTheDirectory()
    {
        using var one = _ca.IssueClient("CN=sensor-1");
        using var two = _ca.IssueClient("CN=sensor-2");
        TestCertificateAuthority.WritePem(one, _directory.FullName, "sensor-1");
        TestCertificateAuthority.WritePem(two, _directory.FullName, "sensor-2");

        var security = BrokerSecurity.Read(false, null, null, null, _directory.FullName, null, null, null);

        Assert.True(security.UsesTls);
        Assert.Equal(one.Thumbprint, security.ClientCertificateFor("sensor-1")!.Thumbprint);
        Assert.Equal(two.Thumbprint, security.ClientCertificateFor("sensor-2")!.Thumbprint);
        Assert.True(security.ClientCertificateFor("sensor-2")!.HasPrivateKey);
        Assert.Null(security.ClientCertificateFor("sensor-3"));
    }

    [Fact]
    public void OneCertificateServesEveryConnection()
    {
        using var shared = _ca.IssueClient("CN=probe-1");
        var (certificate, key) = TestCertificateAuthority.WritePem(shared, _directory.FullName, "probe");

        var security = BrokerSecurity.Read(false, null, certificate, key, null, null, null, null);

        Assert.Equal(shared.Thumbprint, security.ClientCertificateFor("probe-7")!.Thumbprint);
    }

    [Fact]
    public void APasswordWithoutAUsernameIsRefusedNamingTheOptions()
    {
        var error = Assert.Throws<UsageException>(() => BrokerSecurity.Read(false, null, null, null, null, null, null, "secret", "--mqtt-"));

        Assert.Equal("--mqtt-password needs --mqtt-username", error.Message);
    }

    [Fact]
    public void ACertificateWithoutItsKeyIsRefused()
    {
        using var shared = _ca.IssueClient("CN=probe-1");
        var (certificate, _) = TestCertificateAuthority.WritePem(shared, _directory.FullName, "probe");

        Assert.Throws<UsageException>(() => BrokerSecurity.Read(false, null, certificate, null, null, null, null, null));
    }

    [Fact]
    public void ACaFileThatIsNotPemIsRefused()
    {
        var path = Path.Combine(_directory.FullName, "ca.pem");
        File.WriteAllText(path, "not a certificate");

        var error = Assert.Throws<UsageException>(() => BrokerSecurity.Read(false, path, null, null, null, null, null, null));

        Assert.StartsWith("--ca-file", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _directory.Delete(recursive: true);
    }
}
