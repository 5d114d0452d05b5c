using DigitalTwin.Api.Security;

namespace DigitalTwin.Api.Tests.Security;

/// <summary><c>Api:Proxies</c>: addresses and CIDR networks, each bad one named with its key at start-up.</summary>
public sealed class ApiProxyOptionsValidatorTests
{
    private readonly ApiEdgeOptionsValidator _validator = new();

    [Fact]
    public void NothingConfiguredIsValidAndTrustsNoProxy()
    {
        var options = new ApiProxyOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.False(options.Enabled);
    }

    [Fact]
    public void AddressesAndNetworksOfBothFamiliesAreAccepted()
    {
        var options = new ApiProxyOptions { KnownProxies = ["10.0.0.12", "fd00::12"], KnownNetworks = ["10.42.0.0/16", "fd00::/64"] };

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.True(options.Enabled);
    }

    [Theory]
    [InlineData("ingress.local", null, "Api:Proxies:KnownProxies:0 must be an IP address such as 10.0.0.12, not 'ingress.local'.")]
    [InlineData(null, "10.42.0.0", "Api:Proxies:KnownNetworks:0 must be a network in CIDR notation such as 10.42.0.0/16, not '10.42.0.0'.")]
    [InlineData(null, "10.42.0.0/33", "Api:Proxies:KnownNetworks:0 must be a network in CIDR notation such as 10.42.0.0/16, not '10.42.0.0/33'.")]
    [InlineData("10.0.12", null, "Api:Proxies:KnownProxies:0 must be an IP address such as 10.0.0.12, not '10.0.12'.")]
    [InlineData("12", null, "Api:Proxies:KnownProxies:0 must be an IP address such as 10.0.0.12, not '12'.")]
    [InlineData("010.0.0.12", null, "Api:Proxies:KnownProxies:0 must be an IP address such as 10.0.0.12, not '010.0.0.12'.")]
    [InlineData("0x0a.0.0.12", null, "Api:Proxies:KnownProxies:0 must be an IP address such as 10.0.0.12, not '0x0a.0.0.12'.")]
    [InlineData(null, "10.42/16", "Api:Proxies:KnownNetworks:0 must be a network in CIDR notation such as 10.42.0.0/16, not '10.42/16'.")]
    public void AnEntryThatIsNoAddressOrNetworkIsRefusedNamingItsKey(string? proxy, string? network, string message)
    {
        var options = new ApiProxyOptions { KnownProxies = proxy is null ? [] : [proxy], KnownNetworks = network is null ? [] : [network] };

        Assert.Equal(message, _validator.Validate(null, options).FailureMessage);
    }
}
