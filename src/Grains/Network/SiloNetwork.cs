using DigitalTwin.Grains.Diagnostics;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Network;

/// <summary>What every twin of a silo shares for its network behaviour: the options, the window history and the metrics.</summary>
internal sealed class SiloNetwork(IOptions<NetworkOptions> options, INetworkWindowHistory history, NetworkMetrics metrics)
{
    public NetworkOptions Options { get; } = options.Value;

    public INetworkWindowHistory History => history;

    public NetworkMetrics Metrics => metrics;
}
