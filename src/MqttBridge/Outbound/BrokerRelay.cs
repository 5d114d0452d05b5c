using System.Threading.Channels;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Outbound;
using DigitalTwin.Grains.Interfaces.Peers;
using DigitalTwin.Grains.Peers;
using DigitalTwin.MqttBridge.Ingress;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Outbound;

/// <summary>
/// This silo's broker as the other silos reach it, and theirs as this silo reaches them (<see cref="SiloPeers{TObserver}"/>).
/// Messages for one device are sent to a chosen silo and awaited (<see cref="SendAsync"/>); messages for whoever
/// subscribes (<see cref="Forward"/>) wait in a bounded queue and go in batches, one call per silo per batch, to the
/// silos whose brokers have wide subscribers (<see cref="WideSubscriptions"/>), at most once, like the live feeds: a
/// batch a silo does not take is dropped and counted, and that silo is skipped until the next refresh. With one silo
/// nothing leaves it. Started before the broker, so its publish hook (<see cref="OnPublishAsync"/>) runs first, and
/// it attaches the broker's subscription and session reports.
/// </summary>
internal sealed partial class BrokerRelay(
    MqttServer server,
    WideSubscriptions subscriptions,
    DeviceSessionReports sessionReports,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    TimeProvider clock,
    BrokerRelayMetrics metrics,
    ILogger<BrokerRelay> logger) : BackgroundService, IBrokerRelay
{
    /// <summary>Marks the session of a device that moved to another silo: what its connection still publishes here (its will) is dropped.</summary>
    internal const string MovedItem = "dtn.session-moved";

    private const int QueueCapacity = 10_000;
    private const int MaxBatch = 500;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(10);

    private readonly Channel<(BrokerMessage Message, SiloAddress? Except)> _outbox =
        Channel.CreateBounded<(BrokerMessage, SiloAddress?)>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => metrics.Dropped(1));

    private readonly SiloPeers<IBrokerRelay> _peers = new(grains, silo, membership, logger, clock, (peer, me) => peer.SubscribersChangedAsync(me));
    private IBrokerRelay? _self;

    public SiloAddress Self => silo.SiloAddress;

    /// <summary>Publishes into this silo's broker, as the platform.</summary>
    public Task PublishLocallyAsync(BrokerMessage message)
    {
        if (!server.IsStarted)
        {
            return Task.CompletedTask;
        }

        var application = new MqttApplicationMessageBuilder()
            .WithTopic(message.Topic)
            .WithPayload(message.Payload)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)message.Qos)
            .WithRetainFlag(message.Retain)
            .Build();
        return server.InjectApplicationMessage(new InjectedMqttApplicationMessage(application)
        {
            SenderClientId = DeviceMessageIngress.PlatformClientId,
        });
    }

    /// <summary>Sends the message to the broker of <paramref name="target"/>; false when that silo is not a known peer or did not take it.</summary>
    public async Task<bool> SendAsync(SiloAddress target, BrokerMessage message) =>
        await _peers.FindAsync(target) is { } peer && await TrySendAsync(peer, [message]);

    /// <summary>Ends the device's session on the broker of <paramref name="target"/> (<see cref="EndSessionAsync"/>); nothing when that silo is gone.</summary>
    public async Task EndSessionOnAsync(SiloAddress target, string clientId)
    {
        if (await _peers.FindAsync(target) is { } peer)
        {
            await peer.Observer.EndSessionAsync(clientId).WaitAsync(SiloPeers<IBrokerRelay>.CallTimeout);
        }
    }

    /// <summary>Sends the message to the broker of every other silo, whether it has subscribers or not (a retained message, a device whose session is not known).</summary>
    public async Task SendToAllAsync(BrokerMessage message) =>
        await Task.WhenAll((await _peers.AllAsync()).Select(peer => TrySendAsync(peer, [message])));

    /// <summary>
    /// Queues the message for the other silos whose brokers have wide subscribers, but <paramref name="except"/> (which
    /// got it already); never waits, and queues nothing when no other silo has such subscribers.
    /// </summary>
    public void Forward(BrokerMessage message, SiloAddress? except = null)
    {
        if (_peers.AnyInterested)
        {
            _outbox.Writer.TryWrite((message, except));
        }
    }

    public async Task PublishAsync(BrokerMessage[] messages)
    {
        foreach (var message in messages)
        {
            await PublishLocallyAsync(message);
        }

        metrics.Received(messages.Length);
    }

    public async Task EndSessionAsync(string clientId)
    {
        if (!server.IsStarted)
        {
            return;
        }

        MqttSessionStatus session;
        try
        {
            session = await server.GetSessionAsync(clientId);
        }
        catch (InvalidOperationException)
        {
            return;
        }

        // MQTTnet publishes the will of a connection the server closes; this one moved, it did not go.
        session.Items[MovedItem] = true;
        try
        {
            await server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions
            {
                ReasonCode = MqttDisconnectReasonCode.SessionTakenOver,
                ReasonString = "the device connected to another silo of the cluster",
            });
        }
        catch (InvalidOperationException)
        {
            // Not connected here any more: only its session was left.
        }

        await session.DeleteAsync();
        metrics.SessionEnded();
        LogSessionEnded(logger, clientId);
    }

    public Task SubscribersChangedAsync(SiloPeer<IBrokerRelay> broker)
    {
        _peers.Upsert(broker);
        return Task.CompletedTask;
    }

    /// <summary>Drops what a moved session's connection still publishes here (its will): the device is alive on another silo.</summary>
    public static Task OnPublishAsync(InterceptingPublishEventArgs args)
    {
        if (args.SessionItems?.Contains(MovedItem) == true)
        {
            args.ProcessPublish = false;
        }

        return Task.CompletedTask;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _self = grains.CreateObjectReference<IBrokerRelay>(this);
        server.InterceptingPublishAsync += OnPublishAsync;
        subscriptions.Attach(server);
        sessionReports.Attach(server);
        subscriptions.Changed += AnnounceSubscribers;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        subscriptions.Changed -= AnnounceSubscribers;
        sessionReports.Detach(server);
        subscriptions.Detach(server);
        server.InterceptingPublishAsync -= OnPublishAsync;
        await base.StopAsync(cancellationToken);
        await _peers.UnregisterAsync(cancellationToken);
        grains.DeleteObjectReference<IBrokerRelay>(_self!);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_peers.MaintainAsync(_self!, () => subscriptions.Any, stoppingToken), SendLoopAsync(stoppingToken), sessionReports.RunAsync(stoppingToken));

    private void AnnounceSubscribers(bool hasWideSubscribers) => _peers.AnnounceInterest();

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(BrokerMessage Message, SiloAddress? Except)>(MaxBatch);
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(stoppingToken))
            {
                // A short window gathers a batch: one call per silo carries up to MaxBatch messages.
                await Task.Delay(BatchWindow, stoppingToken);
                while (batch.Count < MaxBatch && _outbox.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await Task.WhenAll(_peers.All.Where(p => p.Interested).Select(peer =>
                {
                    var messages = batch.Where(b => !peer.Silo.Equals(b.Except)).Select(b => b.Message).ToArray();
                    return messages.Length == 0 ? Task.CompletedTask : TrySendAsync(peer, messages);
                }));
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TrySendAsync(SiloPeer<IBrokerRelay> peer, BrokerMessage[] messages)
    {
        try
        {
            await peer.Observer.PublishAsync(messages).WaitAsync(SiloPeers<IBrokerRelay>.CallTimeout);
            metrics.Sent(messages.Length);
            return true;
        }
        catch (Exception ex)
        {
            metrics.Dropped(messages.Length);
            if (_peers.Remove(peer.Silo))
            {
                LogPeerUnreachable(logger, peer.Silo.ToString(), messages.Length, ex.Message);
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker of silo {Silo} did not take {Count} message(s) ({Reason}); skipping it until the next refresh")]
    private static partial void LogPeerUnreachable(ILogger logger, string silo, int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended the session of {ClientId} here: the device connected to another silo")]
    private static partial void LogSessionEnded(ILogger logger, string clientId);
}
