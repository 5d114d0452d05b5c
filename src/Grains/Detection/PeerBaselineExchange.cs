using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Every <see cref="DetectionOptions.PeerExchangeInterval"/>, sends this silo's share of each type's peer baseline to
/// the type's <see cref="IPeerBaselineGrain"/> and takes back the cluster's merge. A failed exchange is logged and
/// tried again at the next interval; scoring goes on with what the silo has.
/// </summary>
internal sealed partial class PeerBaselineExchange(
    PeerBaselines peers,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IOptions<DetectionOptions> options,
    ILogger<PeerBaselineExchange> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PeerExchangeInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await ExchangeAsync(stoppingToken);
        }
    }

    /// <summary>One round of exchanges, for every type this silo has seen.</summary>
    internal async Task ExchangeAsync(CancellationToken cancellationToken)
    {
        var name = silo.SiloAddress.ToParsableString();
        foreach (var type in peers.Types.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var merged = await grains.GetGrain<IPeerBaselineGrain>(type).ExchangeAsync(name, peers.Snapshot(type));
                if (merged is not null)
                {
                    peers.TakeCluster(type, merged);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogExchangeFailed(logger, ex, type);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exchanging the peer baseline of device type {DeviceType} with the cluster failed; this silo keeps scoring with what it has")]
    private static partial void LogExchangeFailed(ILogger logger, Exception exception, string deviceType);
}
