using System.Net;
using DigitalTwin.MqttBridge.Security;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>A device keeps to its own topics, a probe to the network windows of its scope, a platform account reads everything.</summary>
public sealed class TopicAclTests
{
    private static readonly BrokerIdentity DeviceA = new("dev-a", BrokerRole.Device, "cred-1");
    private static readonly BrokerIdentity Platform = new("tools", BrokerRole.Platform);
    private static readonly BrokerIdentity Probe = new("probe", BrokerRole.Probe, Probe: new ProbeScope(new HashSet<string> { "camera-1" }, [IPNetwork.Parse("10.0.0.0/24"), IPNetwork.Parse("fd00::/64")]));

    [Theory]
    [InlineData("device/dev-a/telemetry")]
    [InlineData("device/dev-a/state")]
    [InlineData("device/dev-a/status")]
    [InlineData("device/dev-a/ack")]
    [InlineData("device/dev-a/network")]
    [InlineData("device/dev-a/error")]
    public void ADevicePublishesOnItsOwnChannels(string topic) => Assert.True(TopicAcl.MayPublish(DeviceA, topic));

    [Theory]
    [InlineData("device/dev-b/telemetry")]
    [InlineData("device/dev-b/status")]
    [InlineData("device/dev-a/command")]
    [InlineData("device/dev-a/desired")]
    [InlineData("device/dev-a/other")]
    [InlineData("device/dev-a/telemetry/extra")]
    [InlineData("device/dev-a")]
    [InlineData("device/dev-ab/telemetry")]
    [InlineData("device/dev-/telemetry")]
    [InlineData("twin/dev-a/update")]
    [InlineData("system/heartbeat")]
    [InlineData("dev-a/telemetry")]
    [InlineData("anything")]
    public void ADevicePublishesNowhereElse(string topic) => Assert.False(TopicAcl.MayPublish(DeviceA, topic));

    [Theory]
    [InlineData("device/dev-a/command")]
    [InlineData("device/dev-a/desired")]
    [InlineData("device/dev-a/error")]
    public void ADeviceSubscribesToWhatThePlatformSendsIt(string filter) => Assert.True(TopicAcl.MaySubscribe(DeviceA, filter));

    [Theory]
    [InlineData("device/dev-b/command")]
    [InlineData("device/+/command")]
    [InlineData("device/dev-a/#")]
    [InlineData("device/dev-a/+")]
    [InlineData("device/#")]
    [InlineData("#")]
    [InlineData("+/dev-a/command")]
    [InlineData("twin/#")]
    [InlineData("twin/dev-a/update")]
    [InlineData("system/#")]
    [InlineData("device/dev-a/telemetry")]
    [InlineData("$share/g/device/dev-a/command")]
    public void ADeviceSubscribesToNothingElse(string filter) => Assert.False(TopicAcl.MaySubscribe(DeviceA, filter));

    [Fact]
    public void ADevicesWillGoesOnItsOwnStatusTopicOnly()
    {
        Assert.True(TopicAcl.MayLeaveWill(DeviceA, "device/dev-a/status"));
        Assert.False(TopicAcl.MayLeaveWill(DeviceA, "device/dev-b/status"));
        Assert.False(TopicAcl.MayLeaveWill(DeviceA, "device/dev-a/telemetry"));
        Assert.False(TopicAcl.MayLeaveWill(DeviceA, "twin/dev-a/update"));
    }

    [Theory]
    [InlineData("#")]
    [InlineData("twin/#")]
    [InlineData("system/#")]
    [InlineData("device/+/command")]
    public void APlatformAccountSubscribesToAnything(string filter) => Assert.True(TopicAcl.MaySubscribe(Platform, filter));

    [Theory]
    [InlineData("device/camera-1/network")]
    [InlineData("device/ip-10-0-0-5/network")]
    [InlineData("device/ip-10-0-0-255/network")]
    [InlineData("device/ip6-fd00--5/network")]
    public void AProbePublishesWindowsOfItsScope(string topic) => Assert.True(TopicAcl.MayPublish(Probe, topic));

    [Theory]
    [InlineData("device/camera-2/network")]
    [InlineData("device/ip-10-0-1-5/network")]
    [InlineData("device/ip-10-0-0/network")]
    [InlineData("device/ip-10-0-0-5-1/network")]
    [InlineData("device/ip6-fd01--5/network")]
    [InlineData("device/camera-1/telemetry")]
    [InlineData("device/ip-10-0-0-5/status")]
    [InlineData("twin/camera-1/update")]
    public void AProbePublishesNothingElse(string topic) => Assert.False(TopicAcl.MayPublish(Probe, topic));

    [Fact]
    public void AProbeSubscribesToNothing()
    {
        Assert.False(TopicAcl.MaySubscribe(Probe, "device/camera-1/error"));
        Assert.False(TopicAcl.MaySubscribe(Probe, "#"));
    }
}
