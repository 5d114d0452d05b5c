using DigitalTwin.MqttBridge.Broker;

namespace DigitalTwin.MqttBridge.Tests.Broker;

/// <summary>The topic-name rule for PUBLISH (MQTT §4.7).</summary>
public sealed class TopicNameTests
{
    [Theory]
    [InlineData("device/sensor-1/telemetry")]
    [InlineData("a")]
    [InlineData("/")]
    [InlineData("a//b ")]
    [InlineData("$SYS/x")]
    public void TopicNamesWithoutWildcardsAreValid(string topic) => Assert.Null(TopicName.Violation(topic));

    [Theory]
    [InlineData("device/+/telemetry", "'+'")]
    [InlineData("a/#", "'#'")]
    [InlineData("#", "'#'")]
    [InlineData("a+b", "'+'")]
    [InlineData("a\0b", "U+0000")]
    [InlineData("", "empty")]
    [InlineData(null, "empty")]
    public void WildcardsNulAndEmptyNamesAreNot(string? topic, string named)
    {
        var violation = TopicName.Violation(topic);

        Assert.NotNull(violation);
        Assert.Contains(named, violation, StringComparison.Ordinal);
    }
}
