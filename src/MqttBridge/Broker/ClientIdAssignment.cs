using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// Client ids for clients that send none. MQTT 3.1.1 allows an empty id with a clean session and has the
/// server assign one (§3.1.3.1); MQTTnet only does that for MQTT 5 and refuses 3.1.1 clients such as
/// <c>mosquitto_pub</c> without <c>-i</c> or MQTT.js with <c>clientId: ''</c>. Mosquitto, EMQX and HiveMQ
/// accept them, and so does this broker.
/// </summary>
internal static class ClientIdAssignment
{
    /// <summary>The MQTT 3.1.1 rule MQTTnet's decoder cites when it throws on an empty id without clean session.</summary>
    private const string EmptyIdWithoutCleanSessionRule = "[MQTT-3.1.3-7]";

    /// <summary>A fresh id; assigned ids start with <c>auto-</c>, so they never start with the reserved <c>$</c>.</summary>
    public static string NewId() => "auto-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Gives a 3.1.1 CONNECT with an empty id and a clean session an id of its own, before MQTTnet validates
    /// it. MQTT 5 clients are left to MQTTnet, which tells them their assigned id in the CONNACK; MQTT 3.1
    /// required an id, so 3.1 clients keep being refused as that version says.
    /// </summary>
    public static bool TryAssign(MqttConnectPacket connect, MqttProtocolVersion version)
    {
        if (version != MqttProtocolVersion.V311 || !string.IsNullOrEmpty(connect.ClientId) || !connect.CleanSession)
        {
            return false;
        }

        connect.ClientId = NewId();
        return true;
    }

    /// <summary>
    /// True when MQTTnet's 3.1.1 decoder refused a CONNECT for an empty id without clean session. MQTTnet
    /// marks that case only by the rule it cites in the message.
    /// </summary>
    public static bool IsEmptyIdWithoutCleanSession(MqttProtocolViolationException exception, MqttProtocolVersion version) =>
        version is MqttProtocolVersion.V310 or MqttProtocolVersion.V311 && exception.Message.Contains(EmptyIdWithoutCleanSessionRule, StringComparison.Ordinal);
}
