using DigitalTwin.Grains.Interfaces.Peers;

namespace DigitalTwin.Grains.Peers;

/// <summary>
/// The silos' services of one kind, in memory. An entry lives for three refresh intervals after its last
/// registration, so a silo that crashed drops out without anyone telling the registry.
/// </summary>
internal sealed class SiloPeerRegistryGrain<TObserver>(TimeProvider clock) : Grain, ISiloPeerRegistryGrain<TObserver>
    where TObserver : IGrainObserver
{
    private static readonly TimeSpan Expiry = SiloPeers<TObserver>.RefreshInterval * 3;

    private readonly Dictionary<SiloAddress, (SiloPeer<TObserver> Service, DateTimeOffset Seen)> _services = [];

    public Task<SiloPeer<TObserver>[]> RegisterAsync(SiloPeer<TObserver> service)
    {
        var now = clock.GetUtcNow();
        var held = _services.TryGetValue(service.Silo, out var entry) && entry.Service.Version > service.Version ? entry.Service : service;
        _services[service.Silo] = (held, now);
        foreach (var expired in _services.Where(s => now - s.Value.Seen > Expiry).Select(s => s.Key).ToList())
        {
            _services.Remove(expired);
        }

        return Task.FromResult(_services.Where(s => !s.Key.Equals(service.Silo)).Select(s => s.Value.Service).ToArray());
    }

    public Task UnregisterAsync(SiloAddress silo)
    {
        _services.Remove(silo);
        return Task.CompletedTask;
    }
}
