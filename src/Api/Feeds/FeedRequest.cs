using DigitalTwin.Grains.Events;

namespace DigitalTwin.Api.Feeds;

/// <summary>A WebSocket client's <c>subscribe</c> or <c>unsubscribe</c>, read by <see cref="FeedRequestReader"/>.</summary>
internal sealed record FeedRequest(bool Subscribe, FeedFilter Filter);
