using DigitalTwin.MqttBridge.Hosting;
using DigitalTwin.MqttBridge.Security;
using DigitalTwin.TestSupport;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>Reading the broker's certificate from PEM or PKCS#12 files, and refusing files it could not serve with.</summary>
public sealed class ServerCertificateFilesTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-tls-");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();

    [Fact]
    public void APemCertificateAndKeyLoadWithTheKey()
    {
        using var server = _ca.IssueServer();
        var (certificatePath, keyPath) = TestCertificateAuthority.WritePem(server, _directory.FullName, "server");

        using var loaded = Load(new MqttTlsOptions { Enabled = true, CertificatePath = certificatePath, KeyPath = keyPath });

        Assert.Equal(server.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.HasPrivateKey);
    }

    [Fact]
    public void AKeyInTheCertificateFileItselfIsFound()
    {
        using var server = _ca.IssueServer();
        var (certificatePath, keyPath) = TestCertificateAuthority.WritePem(server, _directory.FullName, "server");
        File.AppendAllText(certificatePath, "\n" + File.ReadAllText(keyPath));

        using var loaded = Load(new MqttTlsOptions { Enabled = true, CertificatePath = certificatePath });

        Assert.True(loaded.HasPrivateKey);
    }

    [Fact]
    public void APasswordProtectedPkcs12FileLoadsWithItsPassword()
    {
        using var server = _ca.IssueServer();
        var path = TestCertificateAuthority.WritePkcs12(server, Path.Combine(_directory.FullName, "server.p12"), "s3cret");

        using var loaded = Load(new MqttTlsOptions { Enabled = true, Pkcs12Path = path, Pkcs12Password = "s3cret" });

        Assert.Equal(server.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.HasPrivateKey);
    }

    [Fact]
    public void AWrongPkcs12PasswordIsRefusedNamingThePasswordSetting()
    {
        using var server = _ca.IssueServer();
        var path = TestCertificateAuthority.WritePkcs12(server, Path.Combine(_directory.FullName, "server.p12"), "s3cret");

        var error = Assert.Throws<CertificateFileException>(() => Load(new MqttTlsOptions { Enabled = true, Pkcs12Path = path, Pkcs12Password = "guess" }));

        Assert.Contains("Mqtt:Tls:Pkcs12Password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("guess", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyOfAnotherCertificateIsRefused()
    {
        using var server = _ca.IssueServer();
        using var other = _ca.IssueServer("other");
        var (certificatePath, _) = TestCertificateAuthority.WritePem(server, _directory.FullName, "server");
        var (_, otherKeyPath) = TestCertificateAuthority.WritePem(other, _directory.FullName, "other");

        var error = Assert.Throws<CertificateFileException>(() => Load(new MqttTlsOptions { Enabled = true, CertificatePath = certificatePath, KeyPath = otherKeyPath }));

        Assert.Contains("Mqtt:Tls:CertificatePath and Mqtt:Tls:KeyPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("belongs to the certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsNamedWithItsSetting()
    {
        using var server = _ca.IssueServer();
        var (certificatePath, _) = TestCertificateAuthority.WritePem(server, _directory.FullName, "server");
        var missing = Path.Combine(_directory.FullName, "nowhere.key");

        var error = Assert.Throws<CertificateFileException>(() => ServerCertificateFiles.Read(new MqttTlsOptions { Enabled = true, CertificatePath = certificatePath, KeyPath = missing }));

        Assert.Equal($"Mqtt:Tls:KeyPath: the file '{missing}' does not exist.", error.Message);
    }

    [Fact]
    public void AnExpiredCertificateIsRefusedWithItsExpiry()
    {
        var now = DateTimeOffset.UtcNow;
        using var server = _ca.IssueServer(notBefore: now.AddDays(-5), notAfter: now.AddDays(-1));
        var (certificatePath, keyPath) = TestCertificateAuthority.WritePem(server, _directory.FullName, "server");

        var error = Assert.Throws<CertificateFileException>(() => Load(new MqttTlsOptions { Enabled = true, CertificatePath = certificatePath, KeyPath = keyPath }));

        Assert.Contains("expired on", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _directory.Delete(recursive: true);
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 Load(MqttTlsOptions tls) =>
        ServerCertificateFiles.Load(tls, ServerCertificateFiles.Read(tls), DateTimeOffset.UtcNow);
}
