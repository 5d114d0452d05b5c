using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Events;
using Microsoft.Extensions.DependencyInjection;
using static DigitalTwin.Grains.Tests.Events.FeedBufferTests;

namespace DigitalTwin.Grains.Tests.Events;

/// <summary>The hub fans events out to its consumers without waiting on any of them.</summary>
public sealed class TwinEventHubTests
{
    private static FeedMetrics NewMetrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    [Fact]
    public void ASlowConsumerLosesOnlyItsOwnEvents()
    {
        var metrics = NewMetrics();
        var hub = new TwinEventHub(metrics);
        var slow = new FeedConsumer("slow", 5, metrics.EventDroppedForConsumer);
        var fast = new FeedConsumer("fast", 1000, metrics.EventDroppedForConsumer);
        slow.Subscribe(FeedFilter.Everything);
        fast.Subscribe(FeedFilter.Everything);
        hub.Connect(slow);
        hub.Connect(fast);

        for (var i = 0; i < 100; i++)
        {
            hub.Publish(Event(i));
        }

        var fastCount = 0;
        while (fast.Buffer.TryRead(out var item))
        {
            Assert.False(item.IsGap);
            fastCount++;
        }

        Assert.Equal(100, fastCount);
        Assert.Equal(95, slow.Buffer.PendingGap);
        Assert.Equal(95, metrics.DroppedForConsumers);
        Assert.Equal(2, metrics.Consumers);
    }

    [Fact]
    public void ADisconnectedConsumerGetsNothingMore()
    {
        var metrics = NewMetrics();
        var hub = new TwinEventHub(metrics);
        var consumer = new FeedConsumer("gone", 10);
        consumer.Subscribe(FeedFilter.Everything);
        hub.Connect(consumer);
        hub.Disconnect(consumer);

        hub.Publish(Event(1));

        Assert.False(consumer.Buffer.TryRead(out _));
        Assert.Equal(0, metrics.Consumers);
    }
}
