using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Sessions that start at random (a Poisson process following the daily load) to many destinations, a few of them
/// far more popular than the rest: a gateway's forwarded traffic. Some need a DNS lookup first, a few of those fail.
/// </summary>
internal sealed class RandomSessions(
    IReadOnlyList<Endpoint> destinations,
    IReadOnlyList<DomainName> names,
    double sessionsPerSecond,
    double meanLifetimeSeconds,
    double meanPackets,
    double meanBytesPerPacketOut,
    double meanBytesPerPacketIn,
    double lookupShare,
    double nxDomainShare,
    double failureShare) : ITrafficSource
{
    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        var sessions = random.Poisson(sessionsPerSecond * window.Seconds * window.Load);
        for (var i = 0; i < sessions; i++)
        {
            // Squaring a uniform favours low indices: a few popular destinations, a long tail of rare ones.
            var u = random.NextDouble();
            var endpoint = destinations[(int)(u * u * destinations.Count)];
            var offset = random.Uniform(0, window.Seconds);
            if (random.Chance(lookupShare))
            {
                window.Lookup(offset, names[random.NextInt(names.Count)], random.Chance(nxDomainShare));
            }

            var failed = random.Chance(failureShare);
            var packets = failed ? 2 : 4 + random.Poisson(meanPackets);
            var packetsOut = Math.Max(1, packets / 2);
            var packetsIn = packets - packetsOut;
            var tls = endpoint.Port is 443 or 8883 ? (failed ? TlsOutcome.None : TlsOutcome.Completed) : TlsOutcome.None;
            window.AddShortSession(
                offset + 0.01, endpoint.Protocol, endpoint.Address, endpoint.Port,
                failed ? 1 : random.Exponential(meanLifetimeSeconds),
                packetsOut, packetsIn,
                (long)(packetsOut * meanBytesPerPacketOut * random.Uniform(0.5, 1.5)),
                (long)(packetsIn * meanBytesPerPacketIn * random.Uniform(0.5, 1.5)),
                sizeStd: 300, endpoint.RoundTrip(random), failed, tls,
                retransmissions: random.Poisson(packets * 0.01));
        }
    }
}
