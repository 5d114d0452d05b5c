using DigitalTwin.Grains.Interfaces.Events;

namespace DigitalTwin.Grains.Events;

/// <summary>
/// Where grains raise live-feed events. Inject it into a grain (it is a silo singleton) and call
/// <see cref="Publish"/> after the change the event announces is applied:
/// <code>
/// var json = ...; // the complete JSON object consumers receive, with "type", "twin_id" and "timestamp"
/// sink.Publish(new TwinEvent(TwinEventTypes.CommandStatus, twinId, twinType, now, json));
/// </code>
/// Render the JSON once, in the producer (next to the other writers in <c>PlatformMessageJson</c>); it is sent
/// as it is to every consumer on every silo. Delivery is at most once: a consumer that falls behind loses its
/// oldest events and is told how many with a gap notice.
/// </summary>
internal interface ITwinEventSink
{
    /// <summary>
    /// Hands the event to this silo's consumers and queues it for the other silos. Never blocks and never
    /// throws: a full queue drops its oldest event and counts it, so a producer is never slowed by consumers.
    /// </summary>
    void Publish(TwinEvent twinEvent);
}
