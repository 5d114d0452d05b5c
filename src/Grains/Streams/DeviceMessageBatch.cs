using DigitalTwin.Grains.Interfaces.Twins;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace DigitalTwin.Grains.Streams;

/// <summary>
/// One device message as a queue holds it: the pulling agent caches it and hands it to the device's twin, on whichever
/// silo the twin lives, so it is serialisable. Its sequence token carries the queue's sequence number, by which a twin
/// recognises a message it already applied.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.DeviceMessageBatch")]
internal sealed class DeviceMessageBatch(StreamId streamId, DeviceMessage message, long sequence) : IBatchContainer
{
    [Id(0)]
    public StreamId StreamId { get; } = streamId;

    [Id(1)]
    public DeviceMessage Message { get; } = message;

    [Id(2)]
    public long Sequence { get; } = sequence;

    public StreamSequenceToken SequenceToken => new EventSequenceTokenV2(Sequence);

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Message is T typed ? [Tuple.Create(typed, SequenceToken)] : [];

    /// <summary>Device messages carry no request context: nothing the bridge sets is meant for the twin.</summary>
    public bool ImportRequestContext() => false;
}
