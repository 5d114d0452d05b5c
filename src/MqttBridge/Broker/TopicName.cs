namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// The rule for the topic name of a PUBLISH (MQTT 3.1.1 §4.7, MQTT 5 §4.7): at least one character, no
/// wildcard (<c>+</c>, <c>#</c>) and no U+0000. MQTTnet acknowledges and even delivers a publish that breaks
/// it, so the broker checks it itself.
/// </summary>
internal static class TopicName
{
    /// <summary>Why <paramref name="topic"/> is no valid topic name, or null when it is one.</summary>
    public static string? Violation(string? topic)
    {
        if (string.IsNullOrEmpty(topic))
        {
            return "the topic name is empty";
        }

        var bad = topic.AsSpan().IndexOfAny('+', '#', '\0');
        if (bad < 0)
        {
            return null;
        }

        return topic[bad] == '\0'
            ? "the topic name contains U+0000"
            : $"the topic name contains the wildcard '{topic[bad]}' (wildcards belong in subscriptions only)";
    }
}
