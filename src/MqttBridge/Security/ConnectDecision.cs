using MQTTnet.Protocol;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>The answer to a CONNECT: accepted with an identity, or refused with a CONNACK reason and why.</summary>
internal sealed record ConnectDecision(MqttConnectReasonCode Reason, BrokerIdentity? Identity, string Message)
{
    public bool Accepted => Reason == MqttConnectReasonCode.Success;

    public static ConnectDecision Accept(BrokerIdentity identity) => new(MqttConnectReasonCode.Success, identity, "");

    public static ConnectDecision Refuse(MqttConnectReasonCode reason, string message) => new(reason, null, message);
}
