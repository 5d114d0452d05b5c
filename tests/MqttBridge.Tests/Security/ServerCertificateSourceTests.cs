using DigitalTwin.MqttBridge.Hosting;
using DigitalTwin.MqttBridge.Security;
using DigitalTwin.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>The broker's certificate follows its files: replaced files reach new connections, broken ones never do.</summary>
public sealed class ServerCertificateSourceTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-tls-");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly MqttTlsOptions _tls;

    public ServerCertificateSourceTests()
    {
        _tls = new MqttTlsOptions { Enabled = true, CertificatePath = Path.Combine(_directory.FullName, "server.pem"), KeyPath = Path.Combine(_directory.FullName, "server.key") };
    }

    [Fact]
    public void ReplacedFilesAreServedOnceTheCheckIntervalHasPassed()
    {
        using var first = Install(_ca.IssueServer("first"));
        var source = new ServerCertificateSource(_tls, _time, NullLogger<ServerCertificateSource>.Instance);
        Assert.Equal(first.Thumbprint, source.GetCertificate().Thumbprint);

        using var second = Install(_ca.IssueServer("second"));
        Assert.Equal(first.Thumbprint, source.GetCertificate().Thumbprint);
        _time.Advance(ServerCertificateSource.CheckInterval);

        Assert.Equal(second.Thumbprint, source.GetCertificate().Thumbprint);
    }

    [Fact]
    public void AKeyThatNoLongerMatchesKeepsTheCurrentCertificateUntilBothFilesAgree()
    {
        using var first = Install(_ca.IssueServer("first"));
        var source = new ServerCertificateSource(_tls, _time, NullLogger<ServerCertificateSource>.Instance);
        source.GetCertificate();

        // A rotation writes the certificate first and the key a moment later; in between the pair does not match.
        using var second = _ca.IssueServer("second");
        var staged = TestCertificateAuthority.WritePem(second, _directory.FullName, "staged");
        File.Copy(staged.CertificatePath, _tls.CertificatePath!, overwrite: true);
        _time.Advance(ServerCertificateSource.CheckInterval);
        Assert.Equal(first.Thumbprint, source.GetCertificate().Thumbprint);

        File.Copy(staged.KeyPath, _tls.KeyPath!, overwrite: true);
        _time.Advance(ServerCertificateSource.CheckInterval);
        Assert.Equal(second.Thumbprint, source.GetCertificate().Thumbprint);
    }

    [Fact]
    public void DeletedFilesKeepTheCurrentCertificate()
    {
        using var first = Install(_ca.IssueServer("first"));
        var source = new ServerCertificateSource(_tls, _time, NullLogger<ServerCertificateSource>.Instance);
        source.GetCertificate();

        File.Delete(_tls.KeyPath!);
        _time.Advance(ServerCertificateSource.CheckInterval);

        Assert.Equal(first.Thumbprint, source.GetCertificate().Thumbprint);
    }

    [Fact]
    public void WithoutUsableFilesAtTheFirstConnectionTheReasonIsThrown()
    {
        var source = new ServerCertificateSource(_tls, _time, NullLogger<ServerCertificateSource>.Instance);

        var error = Assert.Throws<CertificateFileException>(source.GetCertificate);

        Assert.Contains("Mqtt:Tls:CertificatePath", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _directory.Delete(recursive: true);
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 Install(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var staged = TestCertificateAuthority.WritePem(certificate, _directory.FullName, "staged");
        File.Copy(staged.CertificatePath, _tls.CertificatePath!, overwrite: true);
        File.Copy(staged.KeyPath, _tls.KeyPath!, overwrite: true);
        return certificate;
    }
}
