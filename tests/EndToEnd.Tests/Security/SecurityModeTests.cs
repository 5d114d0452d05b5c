using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary><c>Security:Mode</c> on the real silo: development says what is open, production refuses to start open.</summary>
public sealed class SecurityModeTests
{
    [Fact]
    public async Task DevelopmentStartsAndSaysLoudlyWhatIsOpen()
    {
        await using var silo = await SiloProcess.StartAsync();

        var log = await silo.SettledLogAsync();
        Assert.Contains("INSECURE: Security:Mode is development", log, StringComparison.Ordinal);
        Assert.Contains("Api:Auth:ApiKeys", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionWithNothingConfiguredRefusesToStartNamingWhatIsMissing()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(new Dictionary<string, string> { ["Security:Mode"] = "production" }));

        Assert.Contains("Security:Mode is 'production', but the API and /dashboard are open to anyone", error.Message, StringComparison.Ordinal);
        Assert.Contains("Api:Auth:ApiKeys", error.Message, StringComparison.Ordinal);
        Assert.Contains("Api:Auth:Jwt:Authority", error.Message, StringComparison.Ordinal);
        Assert.Contains("devices talk MQTT in clear text: enable MQTT over TLS (Mqtt:Tls:Enabled=true", error.Message, StringComparison.Ordinal);
        Assert.Contains("close it (Mqtt:PlainEnabled=false)", error.Message, StringComparison.Ordinal);
        Assert.Contains("the API answers plain HTTP", error.Message, StringComparison.Ordinal);
        Assert.Contains("Security:AllowPlainHttp=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttpAllowedForATlsTerminatingProxyIsNoGapButIsLogged()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(new Dictionary<string, string> { ["Security:Mode"] = "production", ["Security:AllowPlainHttp"] = "true" }));
        Assert.Contains("Api:Auth:ApiKeys", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the API answers plain HTTP", error.Message, StringComparison.Ordinal);

        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Security:AllowPlainHttp"] = "true" });
        var log = await silo.SettledLogAsync();
        Assert.Contains("Security:AllowPlainHttp is true: the API may answer plain HTTP", log, StringComparison.Ordinal);
        Assert.DoesNotContain("the API answers plain HTTP", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownModeRefusesToStartNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(new Dictionary<string, string> { ["Security:Mode"] = "prod" }));

        Assert.Contains("Security:Mode must be 'development' or 'production', not 'prod'.", error.Message, StringComparison.Ordinal);
    }
}
