using DigitalTwin.MqttBridge.Ingress;
using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.MqttBridge.Tests.Ingress;

/// <summary>Splitting <c>device/{id}/{channel}</c> topics.</summary>
public sealed class DeviceTopicTests
{
    [Theory]
    [InlineData("device/sensor-1/telemetry", "sensor-1", "telemetry")]
    [InlineData("device/sensor-1/state", "sensor-1", "state")]
    [InlineData("device/a/status", "a", "status")]
    [InlineData("device/gw.2_x/whatever", "gw.2_x", "whatever")]
    public void DeviceTopicYieldsIdAndChannel(string name, string deviceId, string channel)
    {
        Assert.True(DeviceTopic.TryParse(name, out var topic, out var error));

        Assert.Null(error);
        Assert.Equal(new DeviceTopic(deviceId, channel), topic);
    }

    [Theory]
    [InlineData("twin/sensor-1/update")]
    [InlineData("system/heartbeat")]
    [InlineData("devices/sensor-1/telemetry")]
    [InlineData("Device/sensor-1/telemetry")]
    [InlineData("device")]
    [InlineData("/device/sensor-1/telemetry")]
    [InlineData("")]
    public void TopicOutsideDeviceIsNotOurs(string name)
    {
        Assert.False(DeviceTopic.TryParse(name, out var topic, out var error));

        Assert.Null(error);
        Assert.Equal(default(DeviceTopic), topic);
    }

    [Theory]
    [InlineData("device/Sensor-1/telemetry")]
    [InlineData("device/-sensor/telemetry")]
    [InlineData("device//telemetry")]
    [InlineData("device/")]
    [InlineData("device/sensor 1/telemetry")]
    [InlineData("device/+/telemetry")]
    public void InvalidIdIsAnInvalidDeviceId(string name)
    {
        Assert.True(DeviceTopic.TryParse(name, out var topic, out var error));

        Assert.Equal(PayloadErrorCodes.InvalidDeviceId, error?.Code);
        Assert.Null(topic.DeviceId);
    }

    [Fact]
    public void IdLongerThanSixtyFourIsAnInvalidDeviceId()
    {
        Assert.True(DeviceTopic.TryParse($"device/{new string('a', 65)}/telemetry", out _, out var error));

        Assert.Equal(PayloadErrorCodes.InvalidDeviceId, error?.Code);
    }

    [Theory]
    [InlineData("device/sensor-1")]
    [InlineData("device/sensor-1/")]
    public void MissingChannelIsAnInvalidTopicThatStillNamesTheDevice(string name)
    {
        Assert.True(DeviceTopic.TryParse(name, out var topic, out var error));

        Assert.Equal(PayloadErrorCodes.InvalidTopic, error?.Code);
        Assert.Equal("sensor-1", topic.DeviceId);
    }

    [Theory]
    [InlineData("device/sensor-1/telemetry/extra")]
    [InlineData("device/sensor-1/telemetry/")]
    [InlineData("device/sensor-1/a/b/c")]
    public void ExtraLevelsAreAnInvalidTopicThatStillNamesTheDevice(string name)
    {
        Assert.True(DeviceTopic.TryParse(name, out var topic, out var error));

        Assert.Equal(PayloadErrorCodes.InvalidTopic, error?.Code);
        Assert.Equal("sensor-1", topic.DeviceId);
    }
}
