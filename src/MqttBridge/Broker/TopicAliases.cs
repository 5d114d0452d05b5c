namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// One connection's MQTT 5 topic aliases, as the broker sees them arrive. MQTTnet advertises a Topic Alias
/// Maximum of 65,535 and keeps every alias a client sends; the broker advertises <see cref="Maximum"/>, as
/// Mosquitto does, and a client that goes past it breaks the protocol (MQTT-3.3.2-9).
/// </summary>
internal sealed class TopicAliases
{
    /// <summary>The Topic Alias Maximum the broker sends in its CONNACK.</summary>
    public const ushort Maximum = 10;

    private readonly string?[] _topics = new string?[Maximum + 1];

    /// <summary>
    /// The topic name a PUBLISH stands for: its own, or the one its alias was last given on this connection
    /// (empty when the alias was never given one). False when the alias is above <see cref="Maximum"/>.
    /// An alias of 0 cannot be told apart here: MQTTnet's decoder reads it as "no alias".
    /// </summary>
    public bool TryResolve(string? topic, ushort alias, out string resolved)
    {
        resolved = topic ?? "";
        if (alias == 0)
        {
            return true;
        }

        if (alias > Maximum)
        {
            return false;
        }

        if (resolved.Length > 0)
        {
            _topics[alias] = resolved;
        }
        else
        {
            resolved = _topics[alias] ?? "";
        }

        return true;
    }
}
