using DigitalTwin.Grains.Interfaces.Events;

namespace DigitalTwin.Grains.Events;

/// <summary>What a consumer reads next: an event, or a gap notice saying how many events it lost before the next one.</summary>
public readonly record struct FeedItem(TwinEvent? Event, long Dropped)
{
    public bool IsGap => Event is null;
}
