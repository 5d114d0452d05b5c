using DigitalTwin.BenchHost;
using DigitalTwin.Cluster;
using DigitalTwin.Commands;
using DigitalTwin.Fleet;

namespace DigitalTwin.Bench.Tests;

/// <summary>
/// <c>--transport</c> of the benches that start their own silo: one set of names and silo settings, so a tls or
/// secure figure of one bench means what it means in another; bad names and impossible combinations are refused.
/// </summary>
public sealed class SiloTransportTests
{
    // Any existing file stands in for the silo assembly: options only check that it is there.
    private static readonly string Silo = typeof(SiloTransportTests).Assembly.Location;

    [Fact]
    public void PlainChangesNothingInTheSiloAndConnectsWithoutTls()
    {
        var plain = SiloTransport.Parse("--transport", "plain", out var error);

        Assert.Null(error);
        Assert.Empty(plain!.SiloArguments(18840));
        Assert.False(plain.Devices().UsesTls);
    }

    [Fact]
    public void TlsServesOnlyTheTlsListenerOnTheBenchPortWithACertificateTheDevicesTrust()
    {
        var tls = SiloTransport.Parse("--transport", "TLS", out _)!;

        var arguments = tls.SiloArguments(18841);
        Assert.Contains("--Mqtt:PlainEnabled=false", arguments);
        Assert.Contains("--Mqtt:Tls:Port=18841", arguments);
        Assert.DoesNotContain("--Mqtt:Auth:Enabled=true", arguments);
        var certificate = arguments.Single(a => a.StartsWith("--Mqtt:Tls:CertificatePath=", StringComparison.Ordinal)).Split('=', 2)[1];
        Assert.True(File.Exists(certificate), certificate);

        var devices = tls.Devices();
        Assert.True(devices.UsesTls);
        Assert.Equal("tls", devices.Name);

        // One throwaway certificate per transport: the silo's and the devices' trust stay the same across calls.
        Assert.Equal(arguments, tls.SiloArguments(18841));
    }

    [Fact]
    public void SecureAddsAuthenticationAndTheTopicAclOverTls()
    {
        var secure = SiloTransport.Parse("--transport", "secure", out _)!;

        Assert.Contains("--Mqtt:Auth:Enabled=true", secure.SiloArguments(18840));
        Assert.Contains("--Mqtt:PlainEnabled=false", secure.SiloArguments(18840));
        Assert.Equal("secure", secure.Devices().Name);
        Assert.Null(secure.Devices().Username);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ssl")]
    [InlineData("plain,tls")]
    public void AnUnknownTransportIsRefusedNamingTheChoices(string value)
    {
        Assert.Null(SiloTransport.Parse("--transport", value, out var error));
        Assert.Equal($"--transport must be plain, tls or secure; got '{value}'.", error);
    }

    [Fact]
    public void TheCommandBenchTakesATransport()
    {
        Assert.True(CommandBenchOptions.TryParse(["--silo", Silo, "--transport", "secure"], out var options, out var problem), problem);
        Assert.Equal("secure", options.Transport.Name);

        Assert.True(CommandBenchOptions.TryParse(["--silo", Silo], out var defaults, out _));
        Assert.Equal("plain", defaults.Transport.Name);

        Assert.False(CommandBenchOptions.TryParse(["--silo", Silo, "--transport", "quic"], out _, out problem));
        Assert.Contains("--transport must be plain, tls or secure", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tls")]
    [InlineData("secure")]
    public void TheClusterBenchTakesATransportForAllItsSilos(string transport)
    {
        Assert.True(ClusterBenchOptions.TryParse(["--silo", Silo, "--transport", transport], out var options, out var problem), problem);
        Assert.Equal(transport, options.Transport.Name);

        Assert.False(ClusterBenchOptions.TryParse(["--silo", Silo, "--transport", "udp"], out _, out problem));
        Assert.Contains("--transport must be plain, tls or secure", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tls")]
    [InlineData("secure")]
    public void TheFleetBenchOverTlsSkipsTheTwinStepWhichPublishesOverPlainConnections(string transport)
    {
        Assert.False(FleetBenchOptions.TryParse(["--silo", Silo, "--transport", transport], out _, out var problem));
        Assert.Contains($"--transport {transport} needs --twins 0", problem, StringComparison.Ordinal);

        Assert.True(FleetBenchOptions.TryParse(["--silo", Silo, "--transport", transport, "--twins", "0"], out var options, out problem), problem);
        Assert.Equal(transport, options.Transport.Name);
    }
}
