using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// Every <see cref="BrokerAuthOptions.SessionRecheckInterval"/>, closes this silo's device connections whose credential
/// was revoked (on another silo, whose API call could close only its own connections). Runs only while authentication
/// is on; costs one credentials-grain call per connected device per interval.
/// </summary>
internal sealed partial class RevocationSweep(
    MqttServer server,
    RevokedSessions revoked,
    IOptions<BrokerAuthOptions> options,
    TimeProvider clock,
    ILogger<RevocationSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.SessionRecheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again; a cluster that cannot answer now must not end the sweeping for good.
                LogSweepFailed(logger, ex);
            }
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        if (!server.IsStarted)
        {
            return;
        }

        var clients = (await server.GetClientsAsync()).ToDictionary(client => client.Id, StringComparer.Ordinal);
        var sessions = clients.Values
            .Select(client => (client.Id, Identity: BrokerIdentity.Of(client.Session?.Items)))
            .Where(session => session.Identity is not null)
            .Select(session => (session.Id, session.Identity!));
        foreach (var clientId in await revoked.FindAsync(sessions, cancellationToken))
        {
            LogClosing(logger, clientId);
            await clients[clientId].DisconnectAsync(new MqttServerClientDisconnectOptions
            {
                ReasonCode = MqttDisconnectReasonCode.NotAuthorized,
                ReasonString = "the credential of this connection was revoked",
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing broker connection {ClientId}: its credential was revoked")]
    private static partial void LogClosing(ILogger logger, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking open broker connections for revoked credentials failed; trying again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
