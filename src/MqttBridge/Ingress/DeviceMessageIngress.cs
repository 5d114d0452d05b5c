using System.Buffers;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Outbound;
using DigitalTwin.Grains.Streams;
using DigitalTwin.MqttBridge.Hosting;
using DigitalTwin.Wire;
using DigitalTwin.Wire.Outbound;
using DigitalTwin.Wire.Payloads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Orleans.Streams;

namespace DigitalTwin.MqttBridge.Ingress;

/// <summary>
/// Sees every publish to the embedded broker before it is acknowledged. Device telemetry, state and status are
/// validated and published into the device's stream (<see cref="DeviceStreams"/>): the PUBACK goes out when the
/// message is queued (with PostgreSQL: committed to the message log), and the twin applies it a few milliseconds
/// later. Command acks, error reports and network windows are validated and handed to the twin directly; their PUBACK
/// goes out when the twin has taken them, or carries an error code when the twin failed on them for good. MQTTnet
/// handles one connection's publishes one after the other, so a device's messages reach its twin in order. Invalid messages, and publishes on
/// the platform's own topics, are refused, counted and (when the topic names a device) answered on
/// <c>device/{id}/error</c>.
/// </summary>
internal sealed partial class DeviceMessageIngress(
    IClusterClient cluster,
    [FromKeyedServices(DeviceStreams.ProviderName)] IStreamProvider streams,
    DevicePayloadParser parser,
    NetworkPayloadParser networkParser,
    IDeviceChannel channel,
    ILocalSiloDetails silo,
    IngestMetrics metrics,
    IOptions<MqttBridgeOptions> options,
    IOptions<CommandOptions> commandOptions,
    TimeProvider clock,
    ILogger<DeviceMessageIngress> logger)
{
    /// <summary>Client id under which the platform publishes its own messages into the broker.</summary>
    public const string PlatformClientId = "$platform";

    /// <summary>The key under which a connection's session keeps the twin and stream it last published for.</summary>
    private static readonly object DeviceRouteKey = new();

    private readonly MqttBridgeOptions _options = options.Value;

    public async Task OnPublishAsync(InterceptingPublishEventArgs args)
    {
        // A publish refused before this handler (by the broker's topic ACL or limits) is not the ingress's business.
        if (args.ClientId == PlatformClientId || !args.ProcessPublish)
        {
            return;
        }

        var topicName = args.ApplicationMessage.Topic;
        if (IsPlatformTopic(topicName))
        {
            metrics.MessageReceived();
            Refuse(args, MqttPubAckReasonCode.NotAuthorized, PayloadErrorCodes.Forbidden);
            return;
        }

        if (!DeviceTopic.TryParse(topicName, out var topic, out var topicError))
        {
            return;
        }

        if (topicError is null && topic.Channel is DeviceTopics.Desired or DeviceTopics.Command)
        {
            // Only the twin writes what it wants of the device: a client publishing desired state, even an
            // empty retained message, would replace the document devices read, and a command published here
            // would reach the device past its type's schema and untracked.
            metrics.MessageReceived();
            var remedy = topic.Channel == DeviceTopics.Desired ? "set desired state through the API" : "send commands through the API";
            var forbidden = new PayloadError(PayloadErrorCodes.Forbidden, $"{topicName} is published by the platform only: {remedy}");
            await RejectAsync(args, topic.DeviceId, topicName, forbidden, MqttPubAckReasonCode.NotAuthorized);
            return;
        }

        var kind = topic.Channel switch
        {
            DeviceTopics.Telemetry => DeviceMessageKind.Telemetry,
            DeviceTopics.State => DeviceMessageKind.State,
            DeviceTopics.Status => DeviceMessageKind.Status,
            _ => (DeviceMessageKind?)null,
        };

        if (topicError is null && topic.Channel is DeviceTopics.Ack or DeviceTopics.Error or DeviceTopics.Network)
        {
            DeviceReportParser parse = topic.Channel switch
            {
                DeviceTopics.Ack => ParseAck,
                DeviceTopics.Error => ParseAlert,
                _ => ParseNetworkWindow,
            };
            await OnDeviceReportAsync(args, topic.DeviceId, topicName, parse);
            return;
        }

        if (topicError is null && kind is null)
        {
            topicError = new PayloadError(PayloadErrorCodes.InvalidTopic, $"'{topic.Channel}' is not a device channel: use telemetry, state, status, ack, error or network");
        }

        var payload = args.ApplicationMessage.Payload;
        if (topicError is null && kind == DeviceMessageKind.Status && payload.IsEmpty)
        {
            // An empty retained publish is how MQTT clears a retained status: the broker's business, not a twin's.
            return;
        }

        metrics.MessageReceived();
        if (topicError is not null)
        {
            await RejectAsync(args, topic.DeviceId, topicName, topicError, MqttPubAckReasonCode.TopicNameInvalid);
            return;
        }

        if (payload.Length > _options.MaxPayloadBytes)
        {
            var tooLarge = new PayloadError(PayloadErrorCodes.PayloadTooLarge, $"payload of {payload.Length} bytes exceeds the limit of {_options.MaxPayloadBytes} bytes");
            await RejectAsync(args, topic.DeviceId, topicName, tooLarge, MqttPubAckReasonCode.PayloadFormatInvalid);
            return;
        }

        var parsed = kind == DeviceMessageKind.Status
            ? parser.ParseStatus(topic.DeviceId, payload)
            : parser.ParseReport(topic.DeviceId, kind!.Value, payload);
        if (parsed.Error is { } error)
        {
            await RejectAsync(args, topic.DeviceId, topicName, error, MqttPubAckReasonCode.PayloadFormatInvalid);
            return;
        }

        var message = parsed.Message!;
        await HandOffAsync(args, message.DeviceId, route => route.Stream.OnNextAsync(message));
    }

    /// <summary>
    /// A command ack on <c>device/{id}/ack</c> or an error the device reports on <c>device/{id}/error</c>:
    /// validated like any payload, then handed to the twin (which matches the ack to its command, or raises an
    /// alert); the PUBACK goes out when the twin has taken it. The platform's own replies on
    /// <c>device/{id}/error</c> carry <see cref="PlatformClientId"/> and never come here, so refusing a bad
    /// report with an error on the same topic cannot loop.
    /// </summary>
    private async Task OnDeviceReportAsync(InterceptingPublishEventArgs args, string deviceId, string topicName, DeviceReportParser parse)
    {
        metrics.MessageReceived();
        var payload = args.ApplicationMessage.Payload;
        if (payload.Length > _options.MaxPayloadBytes)
        {
            var tooLarge = new PayloadError(PayloadErrorCodes.PayloadTooLarge, $"payload of {payload.Length} bytes exceeds the limit of {_options.MaxPayloadBytes} bytes");
            await RejectAsync(args, deviceId, topicName, tooLarge, MqttPubAckReasonCode.PayloadFormatInvalid);
            return;
        }

        var error = parse(deviceId, payload, out var handOff);
        if (error is not null)
        {
            await RejectAsync(args, deviceId, topicName, error, MqttPubAckReasonCode.PayloadFormatInvalid);
            return;
        }

        await HandOffAsync(args, deviceId, handOff!);
    }

    private PayloadError? ParseAck(string deviceId, ReadOnlySequence<byte> payload, out Func<DeviceRoute, Task>? handOff)
    {
        var error = parser.TryParseAck(deviceId, payload, commandOptions.Value.MaxResultBytes, out var ack);
        handOff = error is null ? route => route.Twin.AsReference<ITwinCommandsGrain>().ReceiveAckAsync(ack!) : null;
        return error;
    }

    private PayloadError? ParseAlert(string deviceId, ReadOnlySequence<byte> payload, out Func<DeviceRoute, Task>? handOff)
    {
        var error = parser.TryParseAlert(deviceId, payload, out var alert);
        handOff = error is null ? route => route.Twin.RaiseDeviceAlertAsync(alert!) : null;
        return error;
    }

    /// <summary>A network-behaviour window; the twin decides whether it is new (windows come in order of start).</summary>
    private PayloadError? ParseNetworkWindow(string deviceId, ReadOnlySequence<byte> payload, out Func<DeviceRoute, Task>? handOff)
    {
        var error = networkParser.TryParse(deviceId, payload, out var window, out var origin);
        if (error is not null)
        {
            handOff = null;
            return new PayloadError(error.Code, error.Message);
        }

        var record = new NetworkWindowRecord(window!.Start, window.Seconds, window.Values, window.SchemaVersion)
        {
            Source = origin.Source == NetworkSource.Probe ? NetworkWindowSource.Probe : NetworkWindowSource.Device,
            DeviceType = origin.DeviceType,
        };
        var receivedAt = clock.GetUtcNow();
        handOff = route => route.Twin.AsReference<ITwinNetworkGrain>().ReceiveNetworkWindowAsync(record, receivedAt);
        return null;
    }

    /// <summary>Parses a device report and says how to hand it to the twin.</summary>
    private delegate PayloadError? DeviceReportParser(string deviceId, ReadOnlySequence<byte> payload, out Func<DeviceRoute, Task>? handOff);

    /// <summary>
    /// Queues the message or hands it to its twin, again after transient failures (<see cref="TransientFailure"/>), with
    /// back-off for up to <see cref="MqttBridgeOptions.HandOffTimeout"/>. Handing over again is safe: a call that timed
    /// out after it took effect makes a duplicate, which last-write-wins and the telemetry window absorb as they absorb
    /// a device's own QoS 1 re-send. A failure that is not transient is refused at once: the device's re-send
    /// would fail the same way, and closing its connection would only make it re-send for ever.
    /// </summary>
    private async Task HandOffAsync(InterceptingPublishEventArgs args, string deviceId, Func<DeviceRoute, Task> call)
    {
        var route = RouteOf(args, deviceId);
        var deadline = clock.GetUtcNow() + _options.HandOffTimeout;
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            try
            {
                // Bounded here, not only by the grain call's own timeout: queueing into a full log or queue waits
                // without one, and a device must not wait longer than the hand-off allows.
                await call(route).WaitAsync(Remaining(deadline), clock, args.CancellationToken);
                return;
            }
            catch (Exception ex) when (!args.CancellationToken.IsCancellationRequested)
            {
                if (!TransientFailure.IsTransient(ex))
                {
                    LogHandOffRefused(logger, ex, deviceId);
                    var failed = new PayloadError(PayloadErrorCodes.TwinFailed, $"the platform failed on this message of '{deviceId}' and would fail the same way on a re-send; it was not applied");
                    await RejectAsync(args, deviceId, args.ApplicationMessage.Topic, failed, MqttPubAckReasonCode.ImplementationSpecificError);
                    return;
                }

                if (clock.GetUtcNow() + delay > deadline)
                {
                    // Not acknowledged: closing the connection makes the device re-send after it reconnects.
                    LogHandOffFailed(logger, ex, deviceId, _options.HandOffTimeout);
                    metrics.MessageRejected(PayloadErrorCodes.Overloaded);
                    args.ProcessPublish = false;
                    args.CloseConnection = true;
                    return;
                }

                LogHandOffRetry(logger, deviceId, ex.Message);
                await Task.Delay(delay, clock, args.CancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
            }
        }
    }

    private TimeSpan Remaining(DateTimeOffset deadline)
    {
        var remaining = deadline - clock.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>
    /// The device's twin and stream. Orleans builds a new grain reference on every <c>GetGrain</c> (the interface's type
    /// found by reflection, a proxy made through the service provider): profiled at 8 % of the silo's CPU at full
    /// ingest, and a stream costs a lookup too. A connection nearly always publishes for one device, so its session
    /// keeps the route it used last; a connection publishing for many (a probe, a gateway) keeps one at a time.
    /// </summary>
    private DeviceRoute RouteOf(InterceptingPublishEventArgs args, string deviceId)
    {
        var items = args.SessionItems;
        if (items?[DeviceRouteKey] is DeviceRoute last && last.DeviceId == deviceId)
        {
            return last;
        }

        var route = new DeviceRoute(deviceId, cluster.GetGrain<ITwinGrain>(deviceId), streams);
        if (items is not null)
        {
            items[DeviceRouteKey] = route;
        }

        return route;
    }

    /// <summary>
    /// Where a device's messages go: its stream for telemetry, state and status, its twin for the rest. The stream is
    /// looked up on first use: a probe's connection publishes network windows for many devices and never needs one.
    /// </summary>
    private sealed class DeviceRoute(string deviceId, ITwinGrain twin, IStreamProvider streams)
    {
        private IAsyncStream<DeviceMessage>? _stream;

        public string DeviceId => deviceId;

        public ITwinGrain Twin => twin;

        public IAsyncStream<DeviceMessage> Stream => _stream ??= streams.GetStream<DeviceMessage>(DeviceStreams.For(deviceId));
    }

    private async Task RejectAsync(InterceptingPublishEventArgs args, string? deviceId, string topic, PayloadError error, MqttPubAckReasonCode reason)
    {
        Refuse(args, reason, error.Code);
        args.Response.ReasonString = error.Message;
        LogRejected(logger, topic, error.Code, error.Message);
        if (!string.IsNullOrEmpty(deviceId))
        {
            await channel.ReportErrorAsync(new DeviceError(deviceId, error.Code, error.Message, topic, clock.GetUtcNow()), silo.SiloAddress);
        }
    }

    private void Refuse(InterceptingPublishEventArgs args, MqttPubAckReasonCode reason, string code)
    {
        metrics.MessageRejected(code);
        args.ProcessPublish = false;
        args.Response.ReasonCode = reason;
    }

    private static bool IsPlatformTopic(string topic) =>
        topic.StartsWith(DeviceTopics.TwinRoot + "/", StringComparison.Ordinal)
        || topic.StartsWith(DeviceTopics.SystemRoot + "/", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused {Topic}: {Code} {Reason}")]
    private static partial void LogRejected(ILogger logger, string topic, string code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Twin {DeviceId} did not take a message ({Reason}); retrying")]
    private static partial void LogHandOffRetry(ILogger logger, string deviceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand a message of {DeviceId} to the cluster within {Timeout}; closing its connection unacknowledged")]
    private static partial void LogHandOffFailed(ILogger logger, Exception exception, string deviceId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Twin {DeviceId} failed on a message with an error a re-send would meet again; refused it")]
    private static partial void LogHandOffRefused(ILogger logger, Exception exception, string deviceId);
}
