using DigitalTwin.Grains.Interfaces.Twins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace DigitalTwin.Grains.Streams;

/// <summary>
/// The queue adapter of <see cref="DeviceStreams"/>: a device message published to a device's stream goes into the
/// queue its id hashes to, in the silo's <see cref="IDeviceQueueStore"/>, and the publisher's
/// <c>OnNextAsync</c> completes when the store has it (in PostgreSQL mode: committed). Pulling agents read the queues
/// and deliver each message to the device's twin through its implicit subscription.
/// </summary>
internal sealed class DeviceQueueAdapterFactory : IQueueAdapterFactory, IQueueAdapter
{
    private readonly IDeviceQueueStore _store;
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly SimpleQueueAdapterCache _cache;

    private DeviceQueueAdapterFactory(string name, IDeviceQueueStore store, DeviceStreamOptions options, ILoggerFactory loggers)
    {
        Name = name;
        _store = store;
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, name);
        _cache = new SimpleQueueAdapterCache(new SimpleQueueCacheOptions { CacheSize = options.CacheSize }, name, loggers);
    }

    public string Name { get; }

    /// <summary>Queued messages are read once, never rewound: a twin that missed messages replays them from its log.</summary>
    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public static DeviceQueueAdapterFactory Create(IServiceProvider services, string name) =>
        new(name,
            services.GetRequiredService<IDeviceQueueStore>(),
            services.GetRequiredService<IOptions<DeviceStreamOptions>>().Value,
            services.GetRequiredService<ILoggerFactory>());

    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(this);

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    /// <summary>
    /// A message its twin could not take within the pulling agent's delivery time is skipped, not retried for ever:
    /// the twin failed because it is reloading, and the reloaded twin replays the message from the log.
    /// </summary>
    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new DeviceQueueReceiver(_store.OpenReader((int)queueId.GetNumericId()));

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new ArgumentException("device streams are not rewindable: publish without a sequence token", nameof(token));
        }

        var queue = (int)_mapper.GetQueueForStream(streamId).GetNumericId();

        // OnNextAsync, the bridge's way of publishing, hands one event: no state machine for it.
        return events is IReadOnlyList<T> { Count: 1 } single
            ? _store.EnqueueAsync(queue, AsDeviceMessage(single[0]), CancellationToken.None)
            : EnqueueEachAsync(queue, events);
    }

    private async Task EnqueueEachAsync<T>(int queue, IEnumerable<T> events)
    {
        foreach (var item in events)
        {
            await _store.EnqueueAsync(queue, AsDeviceMessage(item), CancellationToken.None);
        }
    }

    private static DeviceMessage AsDeviceMessage<T>(T item) =>
        item as DeviceMessage ?? throw new ArgumentException($"device streams carry {nameof(DeviceMessage)}s, not {item?.GetType().Name ?? "null"}", nameof(item));
}
