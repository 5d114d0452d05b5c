using DigitalTwin.MqttBridge.Hosting;
using DigitalTwin.MqttBridge.Security;
using Microsoft.Extensions.Options;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>What production mode asks of the broker's transport: TLS on, plain MQTT closed.</summary>
public sealed class MqttTransportRequirementTests
{
    [Fact]
    public void TheDefaultBrokerHasBothGaps()
    {
        var gaps = new MqttTransportRequirement(Options.Create(new MqttBridgeOptions())).FindGaps().ToList();

        Assert.Equal(2, gaps.Count);
        Assert.Contains(gaps, gap => gap.Contains("Mqtt:Tls:Enabled=true", StringComparison.Ordinal));
        Assert.Contains(gaps, gap => gap.Contains("Mqtt:PlainEnabled=false", StringComparison.Ordinal));
    }

    [Fact]
    public void TlsWithThePlainListenerStillOpenIsAGap()
    {
        var gap = Assert.Single(new MqttTransportRequirement(Options.Create(new MqttBridgeOptions { Tls = { Enabled = true } })).FindGaps());

        Assert.Contains("plain MQTT is open on port 1883", gap, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTlsMeetsTheRequirement() =>
        Assert.Empty(new MqttTransportRequirement(Options.Create(new MqttBridgeOptions { PlainEnabled = false, Tls = { Enabled = true } })).FindGaps());
}
