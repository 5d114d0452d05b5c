using System.Collections;
using System.Collections.Concurrent;
using System.Threading.Channels;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.Twins;
using DigitalTwin.MqttBridge.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Outbound;

/// <summary>
/// Tells a device's twin that its session opened, subscribed to its commands or closed on this silo
/// (<see cref="ITwinSessionGrain"/>), so the platform's messages for the device go through this silo and a session it
/// left on another is ended there. A device is a client whose client id is its device id: an authenticated device's
/// id, or, without authentication, a client id that is a valid device id. Other clients (subscribers, a device whose
/// client id is not its id) are not tracked: what the platform publishes for such a device goes to every silo.
/// <para>
/// The reports never hold up the broker: MQTTnet reads none of a connection's packets until its connect handlers
/// return, so they wait in one of a few queues (by device, which keeps each device's reports in order) and go to the
/// twins from there. Closes are not reported while the host stops: the silo leaving the cluster tells the twins. Only
/// with PostgreSQL, whose silos form clusters; in memory a silo is alone.
/// </para>
/// </summary>
internal sealed partial class DeviceSessionReports(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IDeviceMessageLog log,
    IHostApplicationLifetime host,
    ILogger<DeviceSessionReports> logger)
{
    private const int Lanes = 8;

    private readonly ConcurrentDictionary<string, Guid> _connections = new(StringComparer.Ordinal);
    private readonly Channel<Report>[] _lanes = Enumerable.Range(0, Lanes)
        .Select(_ => Channel.CreateUnbounded<Report>(new UnboundedChannelOptions { SingleReader = true }))
        .ToArray();

    private enum ReportKind
    {
        Opened,
        SubscribedToCommands,
        Closed,
    }

    public void Attach(MqttServer server)
    {
        if (!log.IsDurable)
        {
            return;
        }

        server.ClientConnectedAsync += OnConnectedAsync;
        server.ClientSubscribedTopicAsync += OnSubscribedAsync;
        server.ClientDisconnectedAsync += OnDisconnectedAsync;
    }

    public void Detach(MqttServer server)
    {
        server.ClientConnectedAsync -= OnConnectedAsync;
        server.ClientSubscribedTopicAsync -= OnSubscribedAsync;
        server.ClientDisconnectedAsync -= OnDisconnectedAsync;
    }

    /// <summary>Hands the queued reports to the twins until <paramref name="stoppingToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => DrainAsync(lane.Reader, stoppingToken)));

    private Task OnConnectedAsync(ClientConnectedEventArgs args)
    {
        if (DeviceId.IsValid(args.ClientId))
        {
            var connection = Guid.NewGuid();
            _connections[args.ClientId] = connection;
            Enqueue(new Report(ReportKind.Opened, args.ClientId, connection, args.SessionItems));
        }

        return Task.CompletedTask;
    }

    private Task OnSubscribedAsync(ClientSubscribedTopicEventArgs args)
    {
        if (_connections.TryGetValue(args.ClientId, out var connection)
            && MqttTopicFilterComparer.Compare($"device/{args.ClientId}/command", args.TopicFilter.Topic) == MqttTopicFilterCompareResult.IsMatch)
        {
            Enqueue(new Report(ReportKind.SubscribedToCommands, args.ClientId, connection, args.SessionItems));
        }

        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(ClientDisconnectedEventArgs args)
    {
        // Taken over on this silo: the new connection holds the session, and reported itself.
        if (args.DisconnectType != MqttClientDisconnectType.Takeover && !host.ApplicationStopping.IsCancellationRequested
            && _connections.TryRemove(args.ClientId, out var connection))
        {
            Enqueue(new Report(ReportKind.Closed, args.ClientId, connection, args.SessionItems));
        }

        return Task.CompletedTask;
    }

    private void Enqueue(Report report) =>
        _lanes[(uint)StringComparer.Ordinal.GetHashCode(report.DeviceId) % Lanes].Writer.TryWrite(report);

    private async Task DrainAsync(ChannelReader<Report> reports, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var report in reports.ReadAllAsync(stoppingToken))
            {
                // Asked when the report is handed on rather than in the handler: the broker's guard puts the identity
                // it proved into the session after this class's connect handler.
                if (!IsDevice(report.DeviceId, report.SessionItems))
                {
                    continue;
                }

                try
                {
                    var twin = grains.GetGrain<ITwinSessionGrain>(report.DeviceId);
                    await (report.Kind switch
                    {
                        ReportKind.Opened => twin.SessionOpenedAsync(silo.SiloAddress, report.Connection),
                        ReportKind.SubscribedToCommands => twin.SubscribedToCommandsAsync(silo.SiloAddress, report.Connection),
                        _ => twin.SessionClosedAsync(silo.SiloAddress, report.Connection),
                    });
                }
                catch (Exception ex)
                {
                    // The device is connected all the same; its messages still reach it through every silo.
                    LogReportFailed(logger, ex, report.DeviceId, report.Kind.ToString());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static bool IsDevice(string clientId, IDictionary? sessionItems) =>
        BrokerIdentity.Of(sessionItems) is { } identity
            ? identity.Role == BrokerRole.Device && identity.Name == clientId
            : DeviceId.IsValid(clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the twin of {DeviceId} about its session on this silo ({Report})")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string deviceId, string report);

    private readonly record struct Report(ReportKind Kind, string DeviceId, Guid Connection, IDictionary? SessionItems);
}
