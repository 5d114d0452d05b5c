using DigitalTwin.MqttBridge.Hosting;
using DigitalTwin.TestSupport;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>Start-up checks of <c>Mqtt:PlainEnabled</c> and <c>Mqtt:Tls</c>: each failure names the key that fixes it.</summary>
public sealed class MqttTlsOptionsValidatorTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-tls-");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private readonly MqttTlsOptionsValidator _validator = new(TimeProvider.System);

    [Fact]
    public void TheDefaultsPass() => Assert.True(_validator.Validate(null, new MqttBridgeOptions()).Succeeded);

    [Fact]
    public void ClosingThePlainListenerWithoutTlsIsRefused()
    {
        var result = _validator.Validate(null, new MqttBridgeOptions { PlainEnabled = false });

        Assert.Contains("Mqtt:PlainEnabled is false and Mqtt:Tls:Enabled is false", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TlsWithoutACertificateNamesTheSettings()
    {
        var result = _validator.Validate(null, new MqttBridgeOptions { Tls = { Enabled = true } });

        Assert.Contains("Mqtt:Tls:CertificatePath and Mqtt:Tls:KeyPath", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mqtt:Tls:Pkcs12Path", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void PemAndPkcs12TogetherAreRefused()
    {
        var result = _validator.Validate(null, new MqttBridgeOptions { Tls = { Enabled = true, CertificatePath = "a.pem", Pkcs12Path = "a.p12" } });

        Assert.Contains("not both", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSamePortForBothListenersIsRefused()
    {
        var result = _validator.Validate(null, WithServerCertificate(new MqttBridgeOptions { Port = 8883 }));

        Assert.Contains("Mqtt:Tls:Port and Mqtt:Port are both 8883", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingCertificateFileFailsTheStart()
    {
        var result = _validator.Validate(null, new MqttBridgeOptions { Tls = { Enabled = true, CertificatePath = "/nowhere/server.pem", KeyPath = "/nowhere/server.key" } });

        Assert.Contains("Mqtt:Tls:CertificatePath: the file '/nowhere/server.pem' does not exist.", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void UsableFilesPassWithThePlainListenerClosed()
    {
        var result = _validator.Validate(null, WithServerCertificate(new MqttBridgeOptions { PlainEnabled = false }));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:05:01")]
    public void AHandshakeTimeoutOutsideItsRangeIsRefused(string timeout)
    {
        var result = _validator.Validate(null, new MqttBridgeOptions { Tls = { Enabled = true, Pkcs12Path = "a.p12", HandshakeTimeout = TimeSpan.Parse(timeout) } });

        Assert.Contains($"Mqtt:Tls:HandshakeTimeout must be more than 0 and at most 00:05:00, got {TimeSpan.Parse(timeout)}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientCertificatesNeedTls()
    {
        var result = _validator.Validate(null, new MqttBridgeOptions { Tls = { ClientCertificates = ClientCertificateMode.Required } });

        Assert.Contains("Mqtt:Tls:ClientCertificates is Required, which needs Mqtt:Tls:Enabled=true.", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientCertificatesNeedTheCaBundle()
    {
        var options = WithServerCertificate(new MqttBridgeOptions());
        options.Tls.ClientCertificates = ClientCertificateMode.Optional;

        var result = _validator.Validate(null, options);

        Assert.Contains("Mqtt:Tls:ClientCaPath must name a PEM bundle", result.FailureMessage, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _directory.Delete(recursive: true);
    }

    private MqttBridgeOptions WithServerCertificate(MqttBridgeOptions options)
    {
        using var server = _ca.IssueServer();
        var (certificatePath, keyPath) = TestCertificateAuthority.WritePem(server, _directory.FullName, "server");
        options.Tls.Enabled = true;
        options.Tls.CertificatePath = certificatePath;
        options.Tls.KeyPath = keyPath;
        return options;
    }
}
