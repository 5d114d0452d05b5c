using System.Threading.Channels;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Events;

/// <summary>
/// Carries live-feed events between silos. It registers this silo's hub, as a grain observer, in the
/// <see cref="IFeedRelayRegistryGrain"/> every <see cref="RefreshInterval"/> and learns the other silos' hubs
/// from the answer; events go only to hubs that have consumers, which each hub announces to the others at
/// once when its first consumer connects or its last leaves (and with every registration). Events raised here wait in a bounded queue (oldest dropped and counted when full) and go to
/// every other hub in batches, one grain call per silo per batch: the ingest path never makes a grain call per
/// event. With no other silo nothing is queued. Delivery is at most once: a batch to a silo that does not
/// answer is dropped and counted, and that silo is skipped until the next refresh.
/// </summary>
internal sealed partial class ClusterFeedRelay(
    TwinEventHub hub,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    FeedMetrics metrics,
    ILogger<ClusterFeedRelay> logger) : BackgroundService, ITwinEventObserver
{
    /// <summary>How often a silo refreshes its registration; entries expire after three missed refreshes.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private const int QueueCapacity = 10_000;
    private const int MaxBatch = 500;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<TwinEvent> _outbox = Channel.CreateBounded<TwinEvent>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        _ => metrics.RelayDroppedEvents(1));

    private readonly Lock _lock = new();
    private FeedRelayPeer[] _peers = [];
    private ITwinEventObserver? _self;

    /// <summary>Queues an event for the other silos; never waits, and queues nothing when no other silo has consumers.</summary>
    public void Forward(TwinEvent twinEvent)
    {
        if (Volatile.Read(ref _peers).Any(p => p.HasConsumers))
        {
            _outbox.Writer.TryWrite(twinEvent);
        }
    }

    /// <summary>This silo's hub got its first consumer or lost its last: tell the other hubs now, not at the next refresh.</summary>
    public void ConsumersChanged(bool hasConsumers)
    {
        foreach (var peer in Volatile.Read(ref _peers))
        {
            _ = AnnounceAsync(peer, hasConsumers);
        }
    }

    public Task ConsumersChangedAsync(SiloAddress silo, bool hasConsumers)
    {
        lock (_lock)
        {
            var peers = Volatile.Read(ref _peers);
            var index = Array.FindIndex(peers, p => p.Silo.Equals(silo));
            if (index >= 0)
            {
                var updated = (FeedRelayPeer[])peers.Clone();
                updated[index] = peers[index] with { HasConsumers = hasConsumers };
                Volatile.Write(ref _peers, updated);
            }
        }

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
        try
        {
            await grains.GetGrain<IFeedRelayRegistryGrain>(0).UnregisterAsync(silo.SiloAddress).WaitAsync(SendTimeout, cancellationToken);
        }
        catch (Exception ex)
        {
            // The entry expires on its own; the other silos stop sending when membership says this silo is gone.
            LogUnregisterFailed(logger, ex.Message);
        }

        grains.DeleteObjectReference<ITwinEventObserver>(_self!);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RefreshLoopAsync(stoppingToken), SendLoopAsync(stoppingToken));

    private async Task RefreshLoopAsync(CancellationToken stoppingToken)
    {
        var registry = grains.GetGrain<IFeedRelayRegistryGrain>(0);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var peers = await registry.RegisterAsync(silo.SiloAddress, _self!, hub.ConsumerCount > 0).WaitAsync(SendTimeout, stoppingToken);
                lock (_lock)
                {
                    Volatile.Write(ref _peers, peers.Where(IsActive).ToArray());
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Keep the peers known so far: the registry grain may be moving to another silo.
                LogRefreshFailed(logger, ex.Message);
            }

            try
            {
                await Task.Delay(RefreshInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

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
                await Task.WhenAll(Volatile.Read(ref _peers).Where(p => p.HasConsumers).Select(peer => SendAsync(peer, events)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(FeedRelayPeer peer, TwinEvent[] events)
    {
        try
        {
            await peer.Observer.DeliverAsync(events).WaitAsync(SendTimeout);
            metrics.EventsRelayed(events.Length);
        }
        catch (Exception ex)
        {
            metrics.RelayDroppedEvents(events.Length);
            if (Remove(peer))
            {
                LogPeerUnreachable(logger, peer.Silo.ToString(), events.Length, ex.Message);
            }
        }
    }

    private async Task AnnounceAsync(FeedRelayPeer peer, bool hasConsumers)
    {
        try
        {
            await peer.Observer.ConsumersChangedAsync(silo.SiloAddress, hasConsumers).WaitAsync(SendTimeout);
        }
        catch (Exception ex)
        {
            // The next registration carries the same news.
            LogAnnounceFailed(logger, peer.Silo.ToString(), ex.Message);
        }
    }

    private bool Remove(FeedRelayPeer peer)
    {
        lock (_lock)
        {
            var peers = Volatile.Read(ref _peers);
            var index = Array.FindIndex(peers, p => p.Silo.Equals(peer.Silo));
            if (index < 0)
            {
                return false;
            }

            Volatile.Write(ref _peers, peers.Where((_, i) => i != index).ToArray());
            return true;
        }
    }

    private bool IsActive(FeedRelayPeer peer) =>
        !peer.Silo.Equals(silo.SiloAddress) && membership.CurrentSnapshot.GetSiloStatus(peer.Silo) == SiloStatus.Active;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live-feed hub of silo {Silo} did not take {Count} events ({Reason}); skipping it until the next refresh")]
    private static partial void LogPeerUnreachable(ILogger logger, string silo, int count, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not tell silo {Silo} whether this silo has feed consumers ({Reason}); the next registration will")]
    private static partial void LogAnnounceFailed(ILogger logger, string silo, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh this silo's live-feed registration ({Reason}); retrying")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not unregister this silo's live-feed hub ({Reason}); it expires on its own")]
    private static partial void LogUnregisterFailed(ILogger logger, string reason);
}
