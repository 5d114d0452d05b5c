using DigitalTwin.Grains.Credentials;
using DigitalTwin.MqttBridge.Security;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>Bad <c>Mqtt:Auth</c> and <c>Mqtt:DeviceLimits</c> settings stop the silo, naming the key.</summary>
public sealed class BrokerAuthOptionsValidatorTests
{
    private static readonly string Hash = SecretHash.Create("an-account-secret-of-at-least-32-characters");

    private readonly BrokerAuthOptionsValidator _validator = new();

    [Fact]
    public void DefaultsAndACompleteConfigurationAreValid()
    {
        Assert.True(_validator.Validate(null, new BrokerAuthOptions()).Succeeded);
        Assert.True(_validator.Validate(null, new BrokerAuthOptions
        {
            Enabled = true,
            Accounts =
            [
                new() { Username = "tools", Role = "platform", SecretHash = Hash },
                new() { Username = "network-probe", Role = "Probe", SecretHash = Hash, DeviceIds = ["camera-1"], Subnets = ["10.0.0.0/24", "fd00::/64"] },
            ],
        }).Succeeded);
    }

    [Theory]
    [InlineData("VerificationCacheSize", 0)]
    [InlineData("AddressFailureThreshold", 0)]
    public void OutOfRangeNumbersAreNamed(string key, int value)
    {
        var options = new BrokerAuthOptions();
        typeof(BrokerAuthOptions).GetProperty(key)!.SetValue(options, value);

        Assert.StartsWith($"Mqtt:Auth:{key} must be", Assert.Single(_validator.Validate(null, options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void BackOffsOutOfOrderAreNamed()
    {
        var failures = _validator.Validate(null, new BrokerAuthOptions { FailureBackoff = TimeSpan.FromSeconds(10), MaxFailureBackoff = TimeSpan.FromSeconds(5) }).Failures!;

        Assert.StartsWith("Mqtt:Auth:MaxFailureBackoff must be", Assert.Single(failures), StringComparison.Ordinal);
        Assert.StartsWith("Mqtt:Auth:FailureBackoff must be", Assert.Single(_validator.Validate(null, new BrokerAuthOptions { FailureBackoff = TimeSpan.Zero }).Failures!), StringComparison.Ordinal);
        Assert.StartsWith("Mqtt:Auth:SessionRecheckInterval must be", Assert.Single(_validator.Validate(null, new BrokerAuthOptions { SessionRecheckInterval = TimeSpan.FromHours(2) }).Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "platform", "Mqtt:Auth:Accounts:0:Username")]
    [InlineData("$sys", "platform", "Mqtt:Auth:Accounts:0:Username")]
    [InlineData("tools", "admin", "Mqtt:Auth:Accounts:0:Role")]
    [InlineData("tools", "probe", "Mqtt:Auth:Accounts:0: a 'probe' account needs")]
    public void ABadAccountIsNamed(string username, string role, string expected)
    {
        var failures = _validator.Validate(null, new BrokerAuthOptions { Accounts = [new() { Username = username, Role = role, SecretHash = Hash }] }).Failures!;

        Assert.StartsWith(expected, Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void APlaintextSecretInPlaceOfAHashIsRefusedWithoutEchoingIt()
    {
        var failure = Assert.Single(_validator.Validate(null, new BrokerAuthOptions
        {
            Accounts = [new() { Username = "tools", Role = "platform", SecretHash = "my-plain-secret" }],
        }).Failures!);

        Assert.StartsWith("Mqtt:Auth:Accounts:0:SecretHash must be a hash printed by", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("my-plain-secret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ProbeScopesAndDuplicatesAreChecked()
    {
        var failures = _validator.Validate(null, new BrokerAuthOptions
        {
            Accounts =
            [
                new() { Username = "probe", Role = "probe", SecretHash = Hash, DeviceIds = ["Bad Id"], Subnets = ["10.0.0.0/33"] },
                new() { Username = "probe", Role = "platform", SecretHash = Hash, Subnets = ["10.0.0.0/24"] },
            ],
        }).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Mqtt:Auth:Accounts:0:DeviceIds:0 must be a device id", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Auth:Accounts:0:Subnets:0 must be a subnet", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Auth:Accounts:1:Username 'probe' is configured twice", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Auth:Accounts:1: DeviceIds and Subnets apply to a 'probe' account only", StringComparison.Ordinal));
        Assert.Equal(4, failures.Count);
    }

    [Theory]
    [InlineData(-1, 0, "Mqtt:DeviceLimits:MessagesPerSecond")]
    [InlineData(0, 100, "Mqtt:DeviceLimits:BytesPerSecond")]
    [InlineData(0, -5, "Mqtt:DeviceLimits:BytesPerSecond")]
    public void BadDeviceLimitsAreNamed(int messages, int bytes, string key)
    {
        var result = new DeviceLimitOptionsValidator().Validate(null, new DeviceLimitOptions { MessagesPerSecond = messages, BytesPerSecond = bytes });

        Assert.StartsWith(key, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceLimitDefaultsAndZeroesAreValid()
    {
        Assert.True(new DeviceLimitOptionsValidator().Validate(null, new DeviceLimitOptions()).Succeeded);
        Assert.True(new DeviceLimitOptionsValidator().Validate(null, new DeviceLimitOptions { MessagesPerSecond = 0, BytesPerSecond = 0 }).Succeeded);
    }

    [Fact]
    public void ProductionRequiresDeviceAuthentication()
    {
        var gap = Assert.Single(new DeviceAuthenticationRequirement(Microsoft.Extensions.Options.Options.Create(new BrokerAuthOptions())).FindGaps());

        Assert.Contains("Mqtt:Auth:Enabled=true", gap, StringComparison.Ordinal);
        Assert.Empty(new DeviceAuthenticationRequirement(Microsoft.Extensions.Options.Options.Create(new BrokerAuthOptions { Enabled = true })).FindGaps());
    }
}
