using DigitalTwin.Grains.Events;
using DigitalTwin.Grains.Interfaces.Events;
using static DigitalTwin.Grains.Tests.Events.FeedBufferTests;

namespace DigitalTwin.Grains.Tests.Events;

/// <summary>Subscriptions by twin id, by device type, by event types, or to everything.</summary>
public sealed class FeedFilterTests
{
    [Fact]
    public void ATwinIdFilterMatchesOnlyThatTwin()
    {
        var filter = new FeedFilter("sensor-1", null, FeedEventTypes.All);

        Assert.True(filter.Matches(Event(1, twinId: "sensor-1")));
        Assert.False(filter.Matches(Event(1, twinId: "sensor-2")));
    }

    [Fact]
    public void ATypeFilterMatchesEveryTwinOfThatType()
    {
        var filter = new FeedFilter(null, "thermo", FeedEventTypes.All);

        Assert.True(filter.Matches(Event(1, twinId: "a", twinType: "thermo")));
        Assert.True(filter.Matches(Event(1, twinId: "b", twinType: "thermo")));
        Assert.False(filter.Matches(Event(1, twinId: "c", twinType: "light")));
    }

    [Fact]
    public void EventTypesNarrowAFilter()
    {
        Assert.True(FeedFilter.TryParseEvents([TwinEventTypes.Alert, TwinEventTypes.Presence], out var events, out _));
        var filter = new FeedFilter(null, null, events);

        Assert.True(filter.Matches(Event(1, type: TwinEventTypes.Alert)));
        Assert.True(filter.Matches(Event(1, type: TwinEventTypes.Presence)));
        Assert.False(filter.Matches(Event(1, type: TwinEventTypes.TwinUpdate)));
        Assert.False(filter.Matches(Event(1, type: TwinEventTypes.CommandStatus)));
        Assert.Equal([TwinEventTypes.Presence, TwinEventTypes.Alert], FeedFilter.NamesOf(events));
    }

    [Fact]
    public void NoEventTypesMeansAllOfThem()
    {
        Assert.True(FeedFilter.TryParseEvents([], out var events, out _));

        Assert.Equal(FeedEventTypes.All, events);
        Assert.True(FeedFilter.Everything.Matches(Event(1, type: TwinEventTypes.CommandStatus)));
        Assert.True(FeedFilter.Everything.Matches(Event(1, type: "a_type_added_later")));
    }

    [Fact]
    public void SeverityAndAlertTypeNarrowAnomalyAlertsAndLetOtherEventsBy()
    {
        var filter = new FeedFilter(null, null, FeedEventTypes.All, AlertSeverity: "critical", AlertType: "port_scan");

        Assert.True(filter.Matches(Anomaly("critical", "port_scan")));
        Assert.False(filter.Matches(Anomaly("warning", "port_scan")));
        Assert.False(filter.Matches(Anomaly("critical", "beacon")));
        Assert.False(filter.Matches(Anomaly(null, null)));
        Assert.True(filter.Matches(Event(1, type: TwinEventTypes.Alert)));
        Assert.True(filter.Matches(Event(1, type: TwinEventTypes.TwinUpdate)));
        Assert.True(new FeedFilter(null, null, FeedEventTypes.All, AlertSeverity: "warning").Matches(Anomaly("warning", "beacon")));
        Assert.True(new FeedFilter(null, null, FeedEventTypes.All, AlertType: "beacon").Matches(Anomaly("critical", "beacon")));
        Assert.NotEqual(filter, new FeedFilter(null, null, FeedEventTypes.All, AlertSeverity: "critical"));
    }

    [Fact]
    public void AnUnknownEventTypeIsNamed()
    {
        Assert.False(FeedFilter.TryParseEvents([TwinEventTypes.Alert, "twin_updates"], out _, out var unknown));
        Assert.Equal("twin_updates", unknown);
    }

    [Fact]
    public void AConsumerKeepsWhatAnyOfItsSubscriptionsMatchesAndForgetsAnUnsubscribedOne()
    {
        var consumer = new FeedConsumer("test", 10);
        var byId = new FeedFilter("sensor-1", null, FeedEventTypes.All);
        Assert.True(consumer.Subscribe(byId));
        Assert.False(consumer.Subscribe(byId with { }));
        Assert.True(consumer.Subscribe(new FeedFilter(null, "light", FeedEventTypes.All)));

        consumer.Offer(Event(1, twinId: "sensor-1"));
        consumer.Offer(Event(2, twinId: "sensor-2"));
        consumer.Offer(Event(3, twinId: "lamp-1", twinType: "light"));
        Assert.True(consumer.Unsubscribe(new FeedFilter("sensor-1", null, FeedEventTypes.All)));
        consumer.Offer(Event(4, twinId: "sensor-1"));

        var received = new List<DateTimeOffset>();
        while (consumer.Buffer.TryRead(out var item))
        {
            received.Add(item.Event!.Timestamp);
        }

        Assert.Equal([Event(1).Timestamp, Event(3).Timestamp], received);
        Assert.Equal(1, consumer.SubscriptionCount);
    }

    private static TwinEvent Anomaly(string? severity, string? type) =>
        Event(1, type: TwinEventTypes.AnomalyAlert) with { AlertSeverity = severity, AlertType = type };
}
