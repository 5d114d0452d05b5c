using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// The people behind a gateway browsing the web: page loads at a rate following the load, each resolving 3–20 names
/// (a share of them never seen before: fresh CDN shards, ad and tracker hosts, generated names of 15–60 characters)
/// and opening HTTPS connections to them, several to a host as browsers do (HTTP/1.1 opens up to six a host), held
/// open after the page until the server's keep-alive timeout closes them. A gateway meets new names all day, in bursts
/// as dense as a DNS tunnel's, which is why "a first-seen name" alone is no evidence of tunnelling; and a busy one
/// opens and closes dozens of connections in a window, as an answered connection flood does.
/// </summary>
/// <param name="pageLoadsPerHour">Mean page loads an hour at average load (differs from gateway to gateway).</param>
/// <param name="freshShare">Share of a page's names that are new, generated for this page.</param>
/// <param name="connectionsPerPage">Mean connections a page load opens (sites and browsers differ: 4–40).</param>
internal sealed class ClientBrowsing(double pageLoadsPerHour, double freshShare, double connectionsPerPage) : ITrafficSource
{
    private const string Alphanumerics = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const int PopularNames = 300;

    private static readonly string[] Zones = ["cdn.example.net", "ads.example.com", "metrics.example.org", "static.example.net", "edge.example.com", "track.example.org"];

    private DomainName[]? _popular;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        _popular ??= Popular(random);
        var loads = random.Poisson(pageLoadsPerHour * window.Load * window.Seconds / 3_600);
        for (var load = 0; load < loads; load++)
        {
            var at = random.Uniform(0, window.Seconds);
            var names = new DomainName[3 + random.NextInt(18)];
            var lookups = new double[names.Length];
            for (var n = 0; n < names.Length; n++)
            {
                // Squaring a uniform favours the popular few; the fresh names are generated for this page alone.
                var u = random.NextDouble();
                names[n] = random.Chance(freshShare) ? Fresh(random) : _popular[(int)(u * u * _popular.Length)];
                lookups[n] = at + n * random.Uniform(0.005, 0.08);
                window.Lookup(lookups[n], names[n], nxDomain: random.Chance(0.01));
            }

            var connections = 1 + random.Poisson(connectionsPerPage - 1);
            for (var c = 0; c < connections; c++)
            {
                // The page's first host gets the first connections; the rest go to its subresource hosts.
                var n = c < 2 ? 0 : random.NextInt(names.Length);
                var server = Endpoint.Ip(198, 18, (byte)random.NextInt(256), (byte)(1 + random.NextInt(254)));
                var packets = 6 + random.Poisson(12);
                window.AddShortSession(
                    lookups[n] + 0.01 + random.Exponential(0.3), TransportProtocol.Tcp, server, 443, random.Exponential(1.5), packets / 3, packets - packets / 3,
                    (long)(packets / 3 * random.Uniform(200, 600)), (long)((packets - packets / 3) * random.Uniform(600, 1_400)), 300,
                    random.Uniform(10, 90), tls: TlsOutcome.Completed, serverName: names[n], keepAlive: random.Uniform(4, 65));
            }
        }
    }

    private static DomainName[] Popular(Xoshiro256 random)
    {
        var names = new DomainName[PopularNames];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = new DomainName($"{Label(random, 3 + random.NextInt(8))}.{Zones[random.NextInt(Zones.Length)]}");
        }

        return names;
    }

    /// <summary>A generated host name: a shard or hash label (8–40 characters), sometimes two, under a provider zone.</summary>
    private static DomainName Fresh(Xoshiro256 random)
    {
        var label = Label(random, 8 + random.NextInt(33));
        return new DomainName(random.Chance(0.3)
            ? $"{label}.{Label(random, 4 + random.NextInt(8))}.{Zones[random.NextInt(Zones.Length)]}"
            : $"{label}.{Zones[random.NextInt(Zones.Length)]}");
    }

    private static string Label(Xoshiro256 random, int length)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphanumerics[random.NextInt(Alphanumerics.Length)];
        }

        return new string(chars);
    }
}
