using System.Collections.Concurrent;
using System.Net;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Outbound;
using DigitalTwin.MqttBridge.Broker;
using DigitalTwin.MqttBridge.Ingress;
using DigitalTwin.Wire.Outbound;
using DigitalTwin.Wire.Payloads;
using Microsoft.Extensions.Options;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// The broker's side of <c>Mqtt:Auth</c>: authenticates each CONNECT (<see cref="BrokerAuthentication"/>) and keeps the
/// identity in the session's items (<see cref="BrokerIdentity"/>), holds every publish, will and subscription to the
/// <see cref="TopicAcl"/>, and a device's publishes to <see cref="DeviceLimitOptions"/>. Attached only when
/// authentication is on: off, the broker behaves exactly as without it.
/// <para>
/// A refused publish is answered PUBACK Not authorized (0x87) or Quota exceeded (0x97) on MQTT 5; MQTT 3.1.1 has no
/// reason codes, and MQTTnet acknowledges it like any other (nothing is delivered or applied). Either way the device
/// is told on its own <c>device/{id}/error</c>, at most once a second. A refused subscription gets SUBACK Not
/// authorized (0x87), 0x80 (failure) on 3.1.1.
/// </para>
/// </summary>
internal sealed class BrokerAccessGuard(
    BrokerAuthentication authentication,
    IDeviceChannel channel,
    ILocalSiloDetails silo,
    IngestMetrics ingest,
    BrokerSecurityMetrics metrics,
    IOptions<DeviceLimitOptions> limits,
    TimeProvider clock)
{
    private static readonly object RateLimitKey = new();

    private readonly DeviceLimitOptions _limits = limits.Value;

    /// <summary>Who holds each client id's session; a session passes only to a connection of the same identity.</summary>
    private readonly ConcurrentDictionary<string, BrokerIdentity> _sessionOwners = new(StringComparer.Ordinal);

    /// <summary>Identities accepted but not yet attached to their session (a resumed session keeps its own items).</summary>
    private readonly ConcurrentDictionary<string, BrokerIdentity> _connecting = new(StringComparer.Ordinal);

    public void Attach(MqttServer server)
    {
        server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        server.ClientConnectedAsync += OnClientConnectedAsync;
        server.SessionDeletedAsync += OnSessionDeletedAsync;
        server.InterceptingPublishAsync += OnPublishAsync;
        server.InterceptingSubscriptionAsync += OnSubscribingAsync;
    }

    public void Detach(MqttServer server)
    {
        server.InterceptingSubscriptionAsync -= OnSubscribingAsync;
        server.InterceptingPublishAsync -= OnPublishAsync;
        server.SessionDeletedAsync -= OnSessionDeletedAsync;
        server.ClientConnectedAsync -= OnClientConnectedAsync;
        server.ValidatingConnectionAsync -= OnValidatingConnectionAsync;
    }

    public async Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs args)
    {
        if (args.ReasonCode != MqttConnectReasonCode.Success)
        {
            return;
        }

        var clientId = string.IsNullOrEmpty(args.AssignedClientIdentifier) ? args.ClientId : args.AssignedClientIdentifier;
        var attempt = new ConnectAttempt(
            clientId,
            args.UserName,
            args.RawPassword,
            (args.RemoteEndPoint as IPEndPoint)?.Address,
            (args.ChannelAdapter as ConformingChannelAdapter)?.WillTopic,
            args.ProtocolVersion == MqttProtocolVersion.V500,
            args.SessionItems[ClientCertificateIdentity.SessionItemKey] as string);
        var decision = await authentication.AuthenticateAsync(attempt);
        if (decision.Accepted && args.CleanSession != true && _sessionOwners.TryGetValue(clientId, out var owner) && !owner.IsSamePrincipal(decision.Identity!))
        {
            metrics.ConnectionRefused(BrokerSecurityMetrics.SessionOfAnother);
            decision = ConnectDecision.Refuse(MqttConnectReasonCode.NotAuthorized, "the session of this client id belongs to another identity: connect with clean start, or with your own client id");
        }

        if (!decision.Accepted)
        {
            args.ReasonCode = decision.Reason;
            args.ReasonString = decision.Message;
            return;
        }

        var identity = decision.Identity!;
        BrokerIdentity.Store(args.SessionItems, identity);
        _sessionOwners[clientId] = identity;
        _connecting[clientId] = identity;
    }

    private Task OnClientConnectedAsync(ClientConnectedEventArgs args)
    {
        if (_connecting.TryRemove(args.ClientId, out var identity))
        {
            BrokerIdentity.Store(args.SessionItems, identity);
            if (identity.Role == BrokerRole.Device && (_limits.MessagesPerSecond > 0 || _limits.BytesPerSecond > 0) && args.SessionItems[RateLimitKey] is null)
            {
                args.SessionItems[RateLimitKey] = new DeviceRateLimit(_limits.MessagesPerSecond, _limits.BytesPerSecond, clock);
            }
        }

        return Task.CompletedTask;
    }

    private Task OnSessionDeletedAsync(SessionDeletedEventArgs args)
    {
        _sessionOwners.TryRemove(args.Id, out _);
        return Task.CompletedTask;
    }

    public async Task OnPublishAsync(InterceptingPublishEventArgs args)
    {
        if (args.ClientId == DeviceMessageIngress.PlatformClientId || !args.ProcessPublish)
        {
            return;
        }

        var identity = BrokerIdentity.Of(args.SessionItems);
        var topic = args.ApplicationMessage.Topic;
        if (identity is null || !TopicAcl.MayPublish(identity, topic))
        {
            metrics.PublishRefused();
            var message = identity?.Role == BrokerRole.Device
                ? $"'{identity.Name}' may not publish on '{Shorten(topic)}': a device publishes on its own device/{identity.Name}/{{telemetry,state,status,ack,network,error}} only"
                : $"'{identity?.Name}' may not publish on '{Shorten(topic)}'";
            await RefuseAsync(args, identity, MqttPubAckReasonCode.NotAuthorized, PayloadErrorCodes.NotAuthorized, message);
            return;
        }

        if (args.SessionItems?[RateLimitKey] is DeviceRateLimit limit && !limit.TryTake(args.ApplicationMessage.Payload.Length))
        {
            metrics.MessageRateLimited();
            var message = $"'{identity.Name}' is over its limit of {_limits.MessagesPerSecond} messages and {_limits.BytesPerSecond} bytes a second (Mqtt:DeviceLimits); the message was not applied";
            await RefuseAsync(args, identity, MqttPubAckReasonCode.QuotaExceeded, PayloadErrorCodes.RateLimited, message, limit);
        }
    }

    public Task OnSubscribingAsync(InterceptingSubscriptionEventArgs args)
    {
        var identity = BrokerIdentity.Of(args.SessionItems);
        if (identity is null || !TopicAcl.MaySubscribe(identity, args.TopicFilter.Topic))
        {
            metrics.SubscriptionRefused();
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            args.ReasonString = identity?.Role == BrokerRole.Device
                ? $"a device subscribes to its own device/{identity.Name}/{{command,desired,error}} only"
                : "not authorized";
        }

        return Task.CompletedTask;
    }

    private async Task RefuseAsync(InterceptingPublishEventArgs args, BrokerIdentity? identity, MqttPubAckReasonCode reason, string code, string message, DeviceRateLimit? limit = null)
    {
        ingest.MessageRejected(code);
        args.ProcessPublish = false;
        args.Response.ReasonCode = reason;
        args.Response.ReasonString = message;
        limit ??= args.SessionItems?[RateLimitKey] as DeviceRateLimit;
        if (identity?.Role == BrokerRole.Device && (limit is null || limit.ShouldReport()))
        {
            await channel.ReportErrorAsync(new DeviceError(identity.Name, code, message, args.ApplicationMessage.Topic, clock.GetUtcNow()), silo.SiloAddress);
        }
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "...";
}
