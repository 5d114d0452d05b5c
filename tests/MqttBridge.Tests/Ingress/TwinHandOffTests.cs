using System.Text;
using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Outbound;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.MqttBridge.Hosting;
using DigitalTwin.MqttBridge.Ingress;
using DigitalTwin.MqttBridge.Tests.Infrastructure;
using DigitalTwin.Wire.Outbound;
using DigitalTwin.Wire.Payloads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Tests.Ingress;

/// <summary>
/// How the ingress hands a valid device message to its twin: what it retries, what it refuses, when it gives up. The
/// back-off runs on a clock the tests move, so a test waits on what the ingress does, never on time passing.
/// </summary>
public sealed class TwinHandOffTests : IDisposable
{
    /// <summary>Only guards against a hand-off that never completes; the clock the ingress waits on does not move by itself.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    /// <summary>The longest back-off between two tries: moving the clock by it ends any back-off.</summary>
    private static readonly TimeSpan LongestBackOff = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan HandOffTimeout = TimeSpan.FromSeconds(2);

    private const string DeviceId = "sensor-7";

    private readonly WaitedOnClock _clock = new();
    private readonly RecordingChannel _channel = new();
    private readonly IngestMetrics _metrics = new(new TestMeterFactory());

    [Fact]
    public async Task ATransientFailureIsRetriedUntilTheTwinTakesTheMessage()
    {
        var twin = ScriptedTwin.FailingFirst(new SiloUnavailableException());
        var args = Telemetry();

        var publish = Ingress(twin).OnPublishAsync(args);
        await _clock.WaitedOnAsync().WaitAsync(Hang);
        Assert.Equal((1, 0), (twin.Calls, twin.Taken));
        Assert.False(publish.IsCompleted);
        _clock.Advance(LongestBackOff);
        await publish.WaitAsync(Hang);

        Assert.Equal((2, 1), (twin.Calls, twin.Taken));
        Assert.True(args.ProcessPublish);
        Assert.False(args.CloseConnection);
        Assert.Equal(MqttPubAckReasonCode.Success, args.Response.ReasonCode);
        Assert.Empty(_channel.Errors);
        Assert.Equal(0, _metrics.Rejected);
    }

    [Fact]
    public async Task AFailureARetryWouldMeetAgainIsRefusedAtOnceWithItsCode()
    {
        var twin = ScriptedTwin.FailingEveryCall(new InvalidOperationException("the twin cannot apply this message"));
        var args = Telemetry();

        await Ingress(twin).OnPublishAsync(args).WaitAsync(Hang);

        Assert.Equal(1, twin.Calls);
        Assert.Equal(0, _clock.Waits);
        Assert.False(args.ProcessPublish);
        Assert.False(args.CloseConnection);
        Assert.Equal(MqttPubAckReasonCode.ImplementationSpecificError, args.Response.ReasonCode);
        var error = Assert.Single(_channel.Errors);
        Assert.Equal((DeviceId, PayloadErrorCodes.TwinFailed, args.ApplicationMessage.Topic), (error.DeviceId, error.Code, error.Topic));
        Assert.Equal(1, _metrics.RejectedByReason[PayloadErrorCodes.TwinFailed]);
    }

    [Fact]
    public async Task WhenTransientFailuresOutlastTheHandOffTimeoutTheConnectionIsClosedUnacknowledged()
    {
        var twin = ScriptedTwin.FailingEveryCall(new TimeoutException("the twin did not answer in time"));
        var args = Telemetry();
        var start = _clock.GetUtcNow();

        var publish = Ingress(twin).OnPublishAsync(args);
        while (await Task.WhenAny(publish, _clock.WaitedOnAsync()).WaitAsync(Hang) != publish)
        {
            _clock.Advance(LongestBackOff);
        }

        Assert.True(twin.Calls > 2, $"the twin was called {twin.Calls} times");
        Assert.Equal(0, twin.Taken);
        Assert.InRange(_clock.GetUtcNow() - start, HandOffTimeout - LongestBackOff, HandOffTimeout);
        Assert.False(args.ProcessPublish);
        Assert.True(args.CloseConnection);
        Assert.Empty(_channel.Errors);
        Assert.Equal(1, _metrics.RejectedByReason[PayloadErrorCodes.Overloaded]);
    }

    [Fact]
    public async Task AQueueThatStaysFullForTheHandOffTimeoutClosesTheConnectionUnacknowledged()
    {
        // Queueing into a full log or channel waits without a timeout of its own: the hand-off's bounds it.
        var twin = ScriptedTwin.NeverAnswering();
        var args = Telemetry();

        var publish = Ingress(twin).OnPublishAsync(args);
        await _clock.WaitedOnAsync().WaitAsync(Hang);
        Assert.False(publish.IsCompleted);
        _clock.Advance(HandOffTimeout);
        await publish.WaitAsync(Hang);

        Assert.Equal(1, twin.Calls);
        Assert.False(args.ProcessPublish);
        Assert.True(args.CloseConnection);
        Assert.Empty(_channel.Errors);
        Assert.Equal(1, _metrics.RejectedByReason[PayloadErrorCodes.Overloaded]);
    }

    public void Dispose() => _metrics.Dispose();

    private DeviceMessageIngress Ingress(ScriptedTwin twin) => new(
        twin.Cluster,
        twin.Streams,
        new DevicePayloadParser(_clock, TimeSpan.FromMinutes(5)),
        new NetworkPayloadParser(_clock, TimeSpan.FromMinutes(5)),
        _channel,
        new FixedLocalSilo(),
        _metrics,
        Options.Create(new MqttBridgeOptions { HandOffTimeout = HandOffTimeout }),
        Options.Create(new CommandOptions()),
        _clock,
        NullLogger<DeviceMessageIngress>.Instance);

    private InterceptingPublishEventArgs Telemetry()
    {
        var payload = $$$"""{"device_id":"{{{DeviceId}}}","timestamp":{{{_clock.GetUtcNow().ToUnixTimeSeconds()}}},"type":"telemetry","data":{"temperature":21.5}}""";
        var message = new MqttApplicationMessageBuilder()
            .WithTopic($"device/{DeviceId}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        return new InterceptingPublishEventArgs(message, DeviceId, null, new Dictionary<object, object>(), CancellationToken.None);
    }

    private sealed class RecordingChannel : IDeviceChannel
    {
        public List<DeviceError> Errors { get; } = [];

        public Task ReportErrorAsync(DeviceError error, SiloAddress? session)
        {
            Errors.Add(error);
            return Task.CompletedTask;
        }

        public Task PublishTwinUpdateAsync(TwinUpdate update, byte[] json) => throw new NotSupportedException();

        public Task PublishCommandAsync(DeviceCommand command, SiloAddress? session) => throw new NotSupportedException();

        public Task PublishDesiredAsync(DesiredUpdate update) => throw new NotSupportedException();

        public Task PublishAnomalyAlertAsync(string twinId, byte[] json) => throw new NotSupportedException();

        public Task EndSessionAsync(string deviceId, SiloAddress silo) => throw new NotSupportedException();
    }
}
