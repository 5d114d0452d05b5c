namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// What happens to the whole site at once, the same for every device: outages of the MQTT broker and the management
/// host's inventory sweeps. Drawn from the fleet's seed, never a device's, so every device with an MQTT session loses
/// the broker at the same moment and reconnects in the same storm, as on a real network. Every answer is computed from
/// the seed and the day alone, so devices generated in parallel can share one instance.
/// </summary>
public sealed class NetworkEvents(ulong fleetSeed)
{
    /// <summary>Broker outages per day, site-wide (a restart after an upgrade, a crash, a host reboot).</summary>
    public const double BrokerOutagesPerDay = 0.5;

    /// <summary>Share of outages in which the broker's host stays up and refuses connections.</summary>
    public const double RefusingShare = 0.7;

    /// <summary>Shortest and longest outage.</summary>
    public const double ShortestOutageSeconds = 45, LongestOutageSeconds = 600;

    /// <summary>The management host sweeps the site's addresses this often.</summary>
    public const double InventorySweepSeconds = 6 * 3_600;

    /// <summary>One sweep visits every device within this span after it starts, in its own shuffled order.</summary>
    public const double InventorySweepSpanSeconds = 900;

    /// <summary>The asset-inventory host of the management network.</summary>
    public static readonly uint ManagementHost = Endpoint.Ip(10, 0, 0, 5);

    private readonly double _sweepPhase = Xoshiro256.Derive(fleetSeed, "inventory-sweeps") % (ulong)InventorySweepSeconds;

    /// <summary>The first broker outage that has not ended by <paramref name="unixSeconds"/> (it may already have begun).</summary>
    public BrokerOutage NextBrokerOutage(double unixSeconds)
    {
        // An outage ends at most LongestOutageSeconds after the day it started in, so the previous day may hold it.
        for (var day = (long)Math.Floor(unixSeconds / 86_400) - 1; ; day++)
        {
            foreach (var outage in BrokerOutagesOn(day))
            {
                if (outage.End > unixSeconds)
                {
                    return outage;
                }
            }
        }
    }

    /// <summary>The broker outages that start on <paramref name="day"/> (days since the Unix epoch), in time order.</summary>
    public BrokerOutage[] BrokerOutagesOn(long day)
    {
        var random = new Xoshiro256(Xoshiro256.Derive(fleetSeed, $"broker-outages:{day}"));
        var outages = new BrokerOutage[random.Poisson(BrokerOutagesPerDay)];
        for (var i = 0; i < outages.Length; i++)
        {
            var start = day * 86_400.0 + random.Uniform(0, 86_400);
            outages[i] = new BrokerOutage(start, start + random.Uniform(ShortestOutageSeconds, LongestOutageSeconds), random.Chance(RefusingShare));
        }

        Array.Sort(outages, (a, b) => a.Start.CompareTo(b.Start));
        return outages;
    }

    /// <summary>Start of the first inventory sweep at or after <paramref name="unixSeconds"/>.</summary>
    public double NextInventorySweep(double unixSeconds) =>
        Math.Ceiling((unixSeconds - _sweepPhase) / InventorySweepSeconds) * InventorySweepSeconds + _sweepPhase;
}
