using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// How many unknown devices this silo may still give a twin (<see cref="TwinOptions.MaxDiscoveriesPerMinute"/>): a
/// bucket of a minute's worth, refilled continuously, so an attacker inventing ids creates at most that many twins a
/// minute per silo (the cap of a cluster is the silos' sum). Taken only when a twin would be created, never on the
/// path of known devices, so one lock for the silo costs nothing that matters.
/// </summary>
public sealed class DiscoveryQuota(IOptions<TwinOptions> options, TimeProvider clock, BrokerSecurityMetrics metrics)
{
    private readonly int _perMinute = options.Value.MaxDiscoveriesPerMinute;
    private readonly Lock _lock = new();
    private double _tokens = options.Value.MaxDiscoveriesPerMinute;
    private long _last = clock.GetTimestamp();

    public bool IsCapped => _perMinute > 0;

    public int PerMinute => _perMinute;

    /// <summary>Takes one discovery; false (counted) when the minute's are used up. Always true without a cap.</summary>
    public bool TryTake()
    {
        if (_perMinute <= 0)
        {
            return true;
        }

        lock (_lock)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(_perMinute, _tokens + (clock.GetElapsedTime(_last, now).TotalMinutes * _perMinute));
            _last = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return true;
            }
        }

        metrics.DiscoveryCapped();
        return false;
    }
}
