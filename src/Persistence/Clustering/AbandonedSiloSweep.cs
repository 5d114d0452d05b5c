using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using DigitalTwin.Persistence.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;

namespace DigitalTwin.Persistence.Clustering;

/// <summary>
/// Before this silo joins, declares dead every silo that the membership table still lists as active although nothing
/// listens on its silo endpoint any more: a silo killed without leaving (<c>kill -9</c>, out of memory, a lost pod).
/// <para>
/// Orleans recognises a killed predecessor by itself only when the new silo comes back on the same address and port.
/// On any other endpoint (a new pod IP, a new port) a joining silo insists on reaching every active silo first, and a
/// dead one that no live silo is left to vote out stays active until its heartbeat in the table has gone stale: about
/// 70 s with Orleans' defaults, during which the new silo's broker does not listen and every device is refused. A
/// refused TCP connection is a definite answer (the host is there, nothing listens on the port; an active silo always
/// does), unlike a timeout, which may be a slow network: only endpoints that refuse every try are declared dead; the
/// rest is left to Orleans' own failure detection.
/// </para>
/// </summary>
internal sealed partial class AbandonedSiloSweep(
    NpgsqlDataSource database,
    IOptions<ClusterOptions> cluster,
    IOptions<PostgresOptions> options,
    ILogger<AbandonedSiloSweep> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Orleans' <c>SiloStatus</c> values as the membership table stores them.</summary>
    private const int Active = 3;
    private const int Dead = 6;

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (options.Value.SweepAbandonedSilos)
        {
            // After the schema migration (stage First) and before Orleans reads the membership table to join.
            lifecycle.Subscribe(nameof(AbandonedSiloSweep), ServiceLifecycleStage.RuntimeInitialize - 1, SweepAsync);
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var clusterId = cluster.Value.ClusterId;
        foreach (var silo in await ReadActiveSilosAsync(clusterId, cancellationToken))
        {
            if (await SiloEndpointProbe.RefusesAsync(silo.Endpoint, cancellationToken)
                && await DeclareDeadAsync(clusterId, silo, cancellationToken))
            {
                LogDeclaredDead(logger, silo.Endpoint, silo.Generation, silo.IAmAliveTime);
            }
        }
    }

    private async Task<List<ListedSilo>> ReadActiveSilosAsync(string clusterId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT address, port, generation, iamalivetime FROM orleans_membership WHERE deploymentid = $1 AND status = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = clusterId });
        command.Parameters.Add(new NpgsqlParameter { Value = Active });
        var silos = new List<ListedSilo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (IPAddress.TryParse(reader.GetString(0), out var address))
            {
                silos.Add(new ListedSilo(reader.GetString(0), new IPEndPoint(address, reader.GetInt32(1)), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        return silos;
    }

    /// <summary>
    /// Marks the row dead only while it is still the active row that was probed, and bumps the table's version in the
    /// same statement, as Orleans' own writes do: a silo holding the old version then fails its next write and re-reads.
    /// </summary>
    private async Task<bool> DeclareDeadAsync(string clusterId, ListedSilo silo, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            WITH declared AS (
                UPDATE orleans_membership SET status = $5
                WHERE deploymentid = $1 AND address = $2 AND port = $3 AND generation = $4 AND status = $6
                RETURNING deploymentid
            )
            UPDATE orleans_membership_version AS v
            SET version = v.version + 1, changed_at = now()
            FROM declared
            WHERE v.deploymentid = declared.deploymentid
            """);
        foreach (var value in new object[] { clusterId, silo.Address, silo.Endpoint.Port, silo.Generation, Dead, Active })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private sealed record ListedSilo(string Address, IPEndPoint Endpoint, int Generation, DateTimeOffset IAmAliveTime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declared silo {Endpoint} (generation {Generation}) dead before joining: the membership table lists it as active, last alive at {IAmAliveTime:O}, but nothing listens on its endpoint")]
    private static partial void LogDeclaredDead(ILogger logger, IPEndPoint endpoint, int generation, DateTimeOffset iAmAliveTime);
}
