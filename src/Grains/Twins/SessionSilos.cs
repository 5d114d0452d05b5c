using System.Collections.Concurrent;
using DigitalTwin.Grains.Interfaces.Twins;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The twins active on this silo whose device has a session, with the silo that holds it. When the cluster's
/// membership declares a silo dead, each of those twins whose device was there is told
/// (<see cref="ITwinSessionGrain.SessionSiloDiedAsync"/>): the broker went with the silo, and the device's last will
/// with it. A twin that died with the silo learns it when it activates again (<see cref="TwinState.SessionSilo"/>,
/// <see cref="IsGone"/>). Costs one dictionary entry per connected device's twin, and no call until a silo dies.
/// </summary>
internal sealed partial class SessionSilos(IGrainFactory grains, IClusterMembershipService membership, ILogger<SessionSilos> logger) : BackgroundService
{
    private const int ConcurrentNotices = 64;

    private readonly ConcurrentDictionary<string, SiloAddress> _sessions = new(StringComparer.Ordinal);
    private readonly HashSet<SiloAddress> _dead = [];

    public void Track(string twinId, SiloAddress silo) => _sessions[twinId] = silo;

    public void Forget(string twinId) => _sessions.TryRemove(twinId, out _);

    /// <summary>The silo died, or the cluster does not know it (a silo of the cluster before it was restarted).</summary>
    public bool IsGone(SiloAddress silo) => membership.CurrentSnapshot.GetSiloStatus(silo) is SiloStatus.Dead or SiloStatus.None;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                foreach (var member in snapshot.Members.Values)
                {
                    if (member.Status == SiloStatus.Dead && _dead.Add(member.SiloAddress))
                    {
                        await NotifyAsync(member.SiloAddress, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task NotifyAsync(SiloAddress dead, CancellationToken cancellationToken)
    {
        var twins = _sessions.Where(s => s.Value.Equals(dead)).Select(s => s.Key).ToList();
        if (twins.Count == 0)
        {
            return;
        }

        LogSiloDied(logger, dead.ToString(), twins.Count);
        await Parallel.ForEachAsync(twins, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentNotices, CancellationToken = cancellationToken }, async (id, _) =>
        {
            try
            {
                await grains.GetGrain<ITwinSessionGrain>(id).SessionSiloDiedAsync(dead);
            }
            catch (Exception ex)
            {
                // The twin keeps its record; it is checked against membership again when the twin next activates.
                LogNoticeFailed(logger, ex, id, dead.ToString());
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} died: {Count} twin(s) here had their device's session there and take it offline")]
    private static partial void LogSiloDied(ILogger logger, string silo, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell twin {TwinId} that silo {Silo}, which held its device's session, died")]
    private static partial void LogNoticeFailed(ILogger logger, Exception exception, string twinId, string silo);
}
