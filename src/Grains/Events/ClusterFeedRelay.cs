using System.Threading.Channels;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Events;
using DigitalTwin.Grains.Interfaces.Peers;
using DigitalTwin.Grains.Peers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Events;

/// <summary>
/// Carries live-feed events between silos. It keeps the other silos' hubs through <see cref="SiloPeers{TObserver}"/>;
/// events go only to hubs that have consumers (interested peers), which each hub announces to the others at once
/// when its first consumer connects or its last leaves (and with every registration). Events raised here wait in a
/// bounded queue (oldest dropped and counted when full) and go to every other hub in batches, one grain call per
/// silo per batch: the ingest path never makes a grain call per event. With no other silo nothing is queued.
/// Delivery is at most once: a batch to a silo that does not answer is dropped and counted, and that silo is
/// skipped until the next refresh.
/// </summary>
internal sealed partial class ClusterFeedRelay(
    TwinEventHub hub,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    TimeProvider clock,
    FeedMetrics metrics,
    ILogger<ClusterFeedRelay> logger) : BackgroundService, ITwinEventObserver
{
    private const int QueueCapacity = 10_000;
    private const int MaxBatch = 500;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(25);

    private readonly Channel<TwinEvent> _outbox = Channel.CreateBounded<TwinEvent>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        _ => metrics.RelayDroppedEvents(1));

    private readonly SiloPeers<ITwinEventObserver> _peers = new(grains, silo, membership, logger, clock, (peer, me) => peer.ConsumersChangedAsync(me));
    private ITwinEventObserver? _self;

    /// <summary>Queues an event for the other silos; never waits, and queues nothing when no other silo has consumers.</summary>
    public void Forward(TwinEvent twinEvent)
    {
        if (_peers.AnyInterested)
        {
            _outbox.Writer.TryWrite(twinEvent);
        }
    }

    /// <summary>This silo's hub got its first consumer or lost its last: tell the other hubs now, not at the next refresh.</summary>
    public void ConsumersChanged() => _peers.AnnounceInterest();

    public Task ConsumersChangedAsync(SiloPeer<ITwinEventObserver> hub)
    {
        _peers.Upsert(hub);
        return Task.CompletedTask;
    }

    public Task DeliverAsync(TwinEvent[] events)
    {
        foreach (var twinEvent in events)
        {
            hub.DeliverLocally(twinEvent);
        }

        return Task.CompletedTask;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _self = grains.CreateObjectReference<ITwinEventObserver>(this);
        hub.Attach(this);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _peers.UnregisterAsync(cancellationToken);
        grains.DeleteObjectReference<ITwinEventObserver>(_self!);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_peers.MaintainAsync(_self!, () => hub.ConsumerCount > 0, stoppingToken), SendLoopAsync(stoppingToken));

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<TwinEvent>(MaxBatch);
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(stoppingToken))
            {
                // A short window gathers a batch: one call per silo carries up to MaxBatch events.
                await Task.Delay(BatchWindow, stoppingToken);
                while (batch.Count < MaxBatch && _outbox.Reader.TryRead(out var twinEvent))
                {
                    batch.Add(twinEvent);
                }

                var events = batch.ToArray();
                batch.Clear();
                await Task.WhenAll(_peers.All.Where(p => p.Interested).Select(peer => SendAsync(peer, events)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(SiloPeer<ITwinEventObserver> peer, TwinEvent[] events)
    {
        try
        {
            await peer.Observer.DeliverAsync(events).WaitAsync(SiloPeers<ITwinEventObserver>.CallTimeout);
            metrics.EventsRelayed(events.Length);
        }
        catch (Exception ex)
        {
            metrics.RelayDroppedEvents(events.Length);
            if (_peers.Remove(peer.Silo))
            {
                LogPeerUnreachable(logger, peer.Silo.ToString(), events.Length, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live-feed hub of silo {Silo} did not take {Count} events ({Reason}); skipping it until the next refresh")]
    private static partial void LogPeerUnreachable(ILogger logger, string silo, int count, string reason);
}
