using DigitalTwin.MqttBridge.Broker;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace DigitalTwin.MqttBridge.Tests.Broker;

/// <summary>Which CONNECTs get an id from the broker (MQTT 3.1.1 §3.1.3.1).</summary>
public sealed class ClientIdAssignmentTests
{
    [Fact]
    public void AnMqtt311ClientWithAnEmptyIdAndACleanSessionGetsAnIdOfItsOwn()
    {
        var first = new MqttConnectPacket { ClientId = "", CleanSession = true };
        var second = new MqttConnectPacket { ClientId = "", CleanSession = true };

        Assert.True(ClientIdAssignment.TryAssign(first, MqttProtocolVersion.V311));
        Assert.True(ClientIdAssignment.TryAssign(second, MqttProtocolVersion.V311));

        Assert.StartsWith("auto-", first.ClientId, StringComparison.Ordinal);
        Assert.NotEqual(first.ClientId, second.ClientId);
    }

    [Theory]
    [InlineData("sensor-1", true, MqttProtocolVersion.V311)]
    [InlineData("", false, MqttProtocolVersion.V311)]
    [InlineData("", true, MqttProtocolVersion.V500)]
    [InlineData("", true, MqttProtocolVersion.V310)]
    public void OtherConnectsKeepTheirId(string clientId, bool cleanSession, MqttProtocolVersion version)
    {
        var connect = new MqttConnectPacket { ClientId = clientId, CleanSession = cleanSession };

        Assert.False(ClientIdAssignment.TryAssign(connect, version));
        Assert.Equal(clientId, connect.ClientId);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, true)]
    [InlineData(MqttProtocolVersion.V310, true)]
    [InlineData(MqttProtocolVersion.V500, false)]
    public void TheDecodersRefusalOfAnEmptyIdWithoutCleanSessionIsRecognised(MqttProtocolVersion version, bool recognised)
    {
        var refusal = new MqttProtocolViolationException("CleanSession must be set if ClientId is empty [MQTT-3.1.3-7].");

        Assert.Equal(recognised, ClientIdAssignment.IsEmptyIdWithoutCleanSession(refusal, version));
        Assert.False(ClientIdAssignment.IsEmptyIdWithoutCleanSession(new MqttProtocolViolationException("The first bit of the Connect Flags must be set to 0."), version));
    }
}
