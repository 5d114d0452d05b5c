using DigitalTwin.Grains.Events;
using DigitalTwin.Grains.Interfaces.Events;
using Microsoft.Extensions.DependencyInjection;

namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>A live-feed consumer of one twin's events on the test cluster's silo, read without waiting.</summary>
internal static class TwinFeed
{
    public static FeedConsumer Subscribe(TwinClusterFixture fixture, string id)
    {
        var consumer = new FeedConsumer(id, 100);
        consumer.Subscribe(new FeedFilter(id, null, FeedEventTypes.All));
        fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<TwinEventHub>().Connect(consumer);
        return consumer;
    }

    /// <summary>The events the consumer holds now, taken out of its buffer.</summary>
    public static List<TwinEvent> Drain(FeedConsumer consumer)
    {
        var events = new List<TwinEvent>();
        while (consumer.Buffer.TryRead(out var item))
        {
            events.Add(item.Event!);
        }

        return events;
    }
}
