using DigitalTwin.Grains.Interfaces.Peers;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Peers;

/// <summary>
/// The same per-silo service on the other silos of the cluster (the live-feed hub, the MQTT broker), as one silo's
/// service sees them. <see cref="MaintainAsync"/> registers this silo's observer in the
/// <see cref="ISiloPeerRegistryGrain{TObserver}"/> every <see cref="RefreshInterval"/> and learns the others' from
/// the answer, keeping only silos the cluster's membership counts active; a silo active in membership but not known
/// yet (it joined since the last refresh) makes <see cref="AllAsync"/> and <see cref="FindAsync"/> refresh at once, at
/// most once per <see cref="MissRefreshInterval"/>. A peer that does not answer a call is dropped until the next
/// refresh (<see cref="Remove"/>). Whether a service is interested (wants the traffic that goes only to interested
/// peers) comes with each registration and, sooner, from the service itself: <see cref="AnnounceInterest"/> sends this
/// silo's to every peer through <c>announce</c>, and the peers take it with <see cref="Upsert"/>.
/// </summary>
public sealed partial class SiloPeers<TObserver>(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    ILogger logger,
    TimeProvider clock,
    Func<TObserver, SiloPeer<TObserver>, Task> announce)
    where TObserver : IGrainObserver
{
    /// <summary>How often a silo refreshes its registration; entries expire after three missed refreshes.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long a call to a peer (or the registry) may take before the peer counts as unreachable.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How soon after a refresh a silo missing from the peers may cause another.</summary>
    private static readonly TimeSpan MissRefreshInterval = TimeSpan.FromSeconds(1);

    private static readonly string Kind = typeof(TObserver).Name;

    private readonly Lock _lock = new();
    private SiloPeer<TObserver>[] _peers = [];
    private TObserver? _self;
    private Func<bool> _interested = () => false;
    private long _interestVersion;
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    public SiloAddress Self => silo.SiloAddress;

    /// <summary>The other silos' services known now; a snapshot, never changed in place.</summary>
    public SiloPeer<TObserver>[] All => Volatile.Read(ref _peers);

    public bool AnyInterested => Array.Exists(All, p => p.Interested);

    /// <summary>The other silos' services, refreshed first when membership counts a silo active that is not among them.</summary>
    public async Task<SiloPeer<TObserver>[]> AllAsync()
    {
        var peers = All;
        var members = membership.CurrentSnapshot.Members.Values;
        if (members.Any(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(Self) && !Array.Exists(peers, p => p.Silo.Equals(m.SiloAddress))))
        {
            await RefreshSoonAsync();
        }

        return All;
    }

    /// <summary>The service on <paramref name="address"/>, refreshed first when membership counts that silo active and it is not known yet.</summary>
    public async Task<SiloPeer<TObserver>?> FindAsync(SiloAddress address)
    {
        if (Array.Find(All, p => p.Silo.Equals(address)) is { } peer)
        {
            return peer;
        }

        if (membership.CurrentSnapshot.GetSiloStatus(address) == SiloStatus.Active)
        {
            await RefreshSoonAsync();
        }

        return Array.Find(All, p => p.Silo.Equals(address));
    }

    /// <summary>
    /// A peer announced itself (its interest changed): takes it, whether it was known or not, while membership counts it
    /// active, unless a newer account of it is held.
    /// </summary>
    public void Upsert(SiloPeer<TObserver> announced)
    {
        if (!IsActive(announced))
        {
            return;
        }

        lock (_lock)
        {
            var peers = Volatile.Read(ref _peers);
            var index = Array.FindIndex(peers, p => p.Silo.Equals(announced.Silo));
            if (index < 0)
            {
                Volatile.Write(ref _peers, [.. peers, announced]);
            }
            else if (announced.Version >= peers[index].Version)
            {
                var updated = (SiloPeer<TObserver>[])peers.Clone();
                updated[index] = announced;
                Volatile.Write(ref _peers, updated);
            }
        }
    }

    /// <summary>Drops a peer that did not answer until the next refresh; false when it was dropped already.</summary>
    public bool Remove(SiloAddress peer)
    {
        lock (_lock)
        {
            var peers = Volatile.Read(ref _peers);
            var index = Array.FindIndex(peers, p => p.Silo.Equals(peer));
            if (index < 0)
            {
                return false;
            }

            Volatile.Write(ref _peers, peers.Where((_, i) => i != index).ToArray());
            return true;
        }
    }

    /// <summary>
    /// This silo's service became interested or stopped being: tells the registry and every peer now, not at the next
    /// refresh. Never waits; a peer that does not hear it hears it with the next registration.
    /// </summary>
    public void AnnounceInterest()
    {
        if (_self is not { } self)
        {
            return;
        }

        Interlocked.Increment(ref _interestVersion);
        var me = Me(self);
        _ = TryRefreshAsync();
        foreach (var peer in All)
        {
            _ = AnnounceAsync(peer, me);
        }
    }

    /// <summary>
    /// Registers <paramref name="self"/>, with whether it is <paramref name="interested"/> then, every
    /// <see cref="RefreshInterval"/> until <paramref name="stoppingToken"/> is cancelled.
    /// </summary>
    public async Task MaintainAsync(TObserver self, Func<bool> interested, CancellationToken stoppingToken)
    {
        (_self, _interested) = (self, interested);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Keep the peers known so far: the registry grain may be moving to another silo.
                LogRefreshFailed(logger, Kind, ex.Message);
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

    /// <summary>Tells the registry this silo's service is going; failing that, its entry expires on its own.</summary>
    public async Task UnregisterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<ISiloPeerRegistryGrain<TObserver>>(0).UnregisterAsync(silo.SiloAddress).WaitAsync(CallTimeout, cancellationToken);
        }
        catch (Exception ex)
        {
            // The other silos stop calling when membership says this silo is gone.
            LogUnregisterFailed(logger, Kind, ex.Message);
        }
    }

    private async Task RefreshSoonAsync()
    {
        if (_self is not null && clock.GetUtcNow() - _lastRefresh >= MissRefreshInterval)
        {
            await TryRefreshAsync();
        }
    }

    private async Task TryRefreshAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogRefreshFailed(logger, Kind, ex.Message);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _lastRefresh = clock.GetUtcNow();
        var peers = await grains.GetGrain<ISiloPeerRegistryGrain<TObserver>>(0)
            .RegisterAsync(Me(_self!)).WaitAsync(CallTimeout, cancellationToken);
        lock (_lock)
        {
            // An announcement that came while the registry answered may be newer than what the registry held.
            var known = Volatile.Read(ref _peers);
            Volatile.Write(ref _peers, peers
                .Where(IsActive)
                .Select(p => Array.Find(known, k => k.Silo.Equals(p.Silo)) is { } held && held.Version > p.Version ? held : p)
                .ToArray());
        }
    }

    private SiloPeer<TObserver> Me(TObserver self) => new(Self, self, _interested(), Interlocked.Read(ref _interestVersion));

    private async Task AnnounceAsync(SiloPeer<TObserver> peer, SiloPeer<TObserver> me)
    {
        try
        {
            await announce(peer.Observer, me).WaitAsync(CallTimeout);
        }
        catch (Exception ex)
        {
            // The next registration carries the same news.
            LogAnnounceFailed(logger, Kind, peer.Silo.ToString(), ex.Message);
        }
    }

    private bool IsActive(SiloPeer<TObserver> peer) =>
        !peer.Silo.Equals(silo.SiloAddress) && membership.CurrentSnapshot.GetSiloStatus(peer.Silo) == SiloStatus.Active;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh this silo's registration of its {Kind} ({Reason}); retrying")]
    private static partial void LogRefreshFailed(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not unregister this silo's {Kind} ({Reason}); it expires on its own")]
    private static partial void LogUnregisterFailed(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not tell silo {Silo} whether this silo's {Kind} is interested ({Reason}); the next registration will")]
    private static partial void LogAnnounceFailed(ILogger logger, string kind, string silo, string reason);
}
