using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.MqttBridge.Security;
using DigitalTwin.TestSupport;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>Which device a client certificate proves: its CN, and only when it chains to a configured CA; each refusal with the reason it is counted under.</summary>
public sealed class ClientCertificateIdentityTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("Device CA");
    private readonly TestCertificateAuthority _otherCa = TestCertificateAuthority.Create("Device CA");

    [Fact]
    public void ACertificateFromTheConfiguredCaProvesTheDeviceNamedByItsCn()
    {
        using var device = _ca.IssueClient("CN=sensor-17, O=Acme");

        var verdict = Identity(_ca.Certificate).Verify(device);

        Assert.True(verdict.IsProven);
        Assert.Equal("sensor-17", verdict.DeviceId);
    }

    [Fact]
    public void ACertificateFromAnotherCaWithTheSameNameIsRefused()
    {
        using var device = _otherCa.IssueClient("CN=sensor-17");

        var verdict = Identity(_ca.Certificate).Verify(device);

        Assert.False(verdict.IsProven);
        Assert.Contains("does not chain to a configured CA", verdict.Refusal, StringComparison.Ordinal);
        Assert.Equal(BrokerSecurityMetrics.CertificateUntrusted, verdict.CountedAs);
    }

    [Fact]
    public void AnExpiredCertificateIsRefused()
    {
        var now = DateTimeOffset.UtcNow;
        using var device = _ca.IssueClient("CN=sensor-17", notBefore: now.AddDays(-5), notAfter: now.AddDays(-1));

        var verdict = Identity(_ca.Certificate).Verify(device);

        Assert.False(verdict.IsProven);
        Assert.Contains(nameof(X509ChainStatusFlags.NotTimeValid), verdict.Refusal, StringComparison.Ordinal);
        Assert.Equal(BrokerSecurityMetrics.CertificateExpired, verdict.CountedAs);
    }

    [Fact]
    public void ACertificateWithoutCnIsRefused()
    {
        using var device = _ca.IssueClient("O=Acme, OU=sensor-17");

        var verdict = Identity(_ca.Certificate).Verify(device);

        Assert.False(verdict.IsProven);
        Assert.Contains("has no CN", verdict.Refusal, StringComparison.Ordinal);
        Assert.Equal(BrokerSecurityMetrics.CertificateBadName, verdict.CountedAs);
    }

    [Fact]
    public void ACertificateWithTwoCnsIsRefused()
    {
        using var device = _ca.IssueClient("CN=sensor-17, CN=sensor-18");

        var verdict = Identity(_ca.Certificate).Verify(device);

        Assert.False(verdict.IsProven);
        Assert.Contains("has 2 CNs", verdict.Refusal, StringComparison.Ordinal);
        Assert.Equal(BrokerSecurityMetrics.CertificateBadName, verdict.CountedAs);
    }

    [Fact]
    public void ACnThatIsNoDeviceIdIsRefused()
    {
        using var device = _ca.IssueClient("CN=device/+/#");

        var verdict = Identity(_ca.Certificate).Verify(device);

        Assert.False(verdict.IsProven);
        Assert.Contains("is not a device id", verdict.Refusal, StringComparison.Ordinal);
        Assert.Equal(BrokerSecurityMetrics.CertificateBadName, verdict.CountedAs);
    }

    [Fact]
    public void ACertificateOnlyForServersIsRefused()
    {
        using var device = _ca.IssueClient("CN=sensor-17", usage: new Oid("1.3.6.1.5.5.7.3.1"));

        var verdict = Identity(_ca.Certificate).Verify(device);

        Assert.False(verdict.IsProven);
        Assert.Equal(BrokerSecurityMetrics.CertificateNotForClients, verdict.CountedAs);
    }

    [Fact]
    public void AnExpiredCertificateFromAnotherCaIsCountedAsUntrusted()
    {
        var now = DateTimeOffset.UtcNow;
        using var device = _otherCa.IssueClient("CN=sensor-17", notBefore: now.AddDays(-5), notAfter: now.AddDays(-1));

        Assert.Equal(BrokerSecurityMetrics.CertificateUntrusted, Identity(_ca.Certificate).Verify(device).CountedAs);
    }

    [Fact]
    public void AnIntermediateInTheBundleLinksADeviceToTheRoot()
    {
        using var intermediate = _ca.IssueIntermediate("Device Issuing CA");
        using var device = intermediate.IssueClient("CN=sensor-17");

        Assert.Equal("sensor-17", Identity(_ca.Certificate, intermediate.Certificate).Verify(device).DeviceId);
        Assert.False(Identity(_otherCa.Certificate, intermediate.Certificate).Verify(device).IsProven);
    }

    [Fact]
    public void ABundleWithoutASelfSignedRootIsRefusedNamingTheSetting()
    {
        var directory = Directory.CreateTempSubdirectory("dtn-tls-");
        try
        {
            using var intermediate = _ca.IssueIntermediate("Device Issuing CA");
            var path = TestCertificateAuthority.WriteBundle(Path.Combine(directory.FullName, "ca.pem"), intermediate.Certificate);

            var error = Assert.Throws<CertificateFileException>(() => ClientCertificateIdentity.FromBundle(path, TimeProvider.System));

            Assert.StartsWith("Mqtt:Tls:ClientCaPath:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
    }

    private static ClientCertificateIdentity Identity(params X509Certificate2[] authorities)
    {
        // Only the public certificates, as they come from the PEM bundle.
        var bundle = new X509Certificate2Collection();
        foreach (var authority in authorities)
        {
            bundle.Add(X509CertificateLoader.LoadCertificate(authority.RawData));
        }

        return new ClientCertificateIdentity(bundle, TimeProvider.System);
    }
}
