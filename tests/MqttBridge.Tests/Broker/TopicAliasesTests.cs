using DigitalTwin.MqttBridge.Broker;

namespace DigitalTwin.MqttBridge.Tests.Broker;

/// <summary>One connection's topic aliases (MQTT 5 §3.3.2.3.4).</summary>
public sealed class TopicAliasesTests
{
    [Fact]
    public void AnAliasStandsForTheTopicItWasLastSentWith()
    {
        var aliases = new TopicAliases();

        Assert.True(aliases.TryResolve("a/b", 3, out var first));
        Assert.True(aliases.TryResolve("", 3, out var second));
        Assert.True(aliases.TryResolve("c/d", 3, out _));
        Assert.True(aliases.TryResolve(null, 3, out var third));

        Assert.Equal("a/b", first);
        Assert.Equal("a/b", second);
        Assert.Equal("c/d", third);
    }

    [Fact]
    public void WithoutAnAliasTheTopicIsItsOwn()
    {
        var aliases = new TopicAliases();

        Assert.True(aliases.TryResolve("a/b", 0, out var topic));
        Assert.True(aliases.TryResolve("", 0, out var empty));

        Assert.Equal("a/b", topic);
        Assert.Equal("", empty);
    }

    [Fact]
    public void AnAliasNeverGivenATopicResolvesToAnEmptyName()
    {
        Assert.True(new TopicAliases().TryResolve("", 5, out var topic));

        Assert.Equal("", topic);
    }

    [Fact]
    public void AliasesUpToTheMaximumAreAcceptedAndAboveItAreNot()
    {
        var aliases = new TopicAliases();

        Assert.True(aliases.TryResolve("a", TopicAliases.Maximum, out _));
        Assert.False(aliases.TryResolve("a", TopicAliases.Maximum + 1, out _));
        Assert.False(aliases.TryResolve("a", ushort.MaxValue, out _));
    }
}
