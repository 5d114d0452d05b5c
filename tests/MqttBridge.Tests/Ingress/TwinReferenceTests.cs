using System.Reflection;
using System.Text;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Outbound;
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
using Orleans.Runtime;
using Orleans.Streams;

namespace DigitalTwin.MqttBridge.Tests.Ingress;

/// <summary>
/// The ingress keeps the twin and stream a connection used last in its session instead of asking the cluster for them
/// on every message: each message still reaches the stream its topic names.
/// </summary>
public sealed class TwinReferenceTests : IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly IngestMetrics _metrics = new(new TestMeterFactory());
    private readonly RecordingCluster _cluster;
    private readonly Dictionary<object, object> _session = [];

    public TwinReferenceTests()
    {
        _cluster = RecordingCluster.Create();
    }

    [Fact]
    public async Task AConnectionPublishingForOneDeviceAsksTheClusterForItsTwinAndStreamOnce()
    {
        var ingress = Ingress();

        for (var i = 0; i < 3; i++)
        {
            await ingress.OnPublishAsync(Telemetry("sensor-1", i));
        }

        Assert.Equal(["sensor-1"], _cluster.Asked);
        Assert.Equal(["sensor-1"], _cluster.StreamsAsked);
        Assert.Equal(["sensor-1", "sensor-1", "sensor-1"], _cluster.Received);
    }

    [Fact]
    public async Task EachMessageReachesTheTwinOfItsTopicWhenOneConnectionPublishesForSeveralDevices()
    {
        var ingress = Ingress();

        foreach (var device in new[] { "host-a", "host-b", "host-b", "host-a" })
        {
            var args = Telemetry(device, 1);
            await ingress.OnPublishAsync(args);
            Assert.True(args.ProcessPublish);
        }

        Assert.Equal(["host-a", "host-b", "host-b", "host-a"], _cluster.Received);
    }

    public void Dispose() => _metrics.Dispose();

    private DeviceMessageIngress Ingress() => new(
        _cluster.Client,
        _cluster.Streams,
        new DevicePayloadParser(_clock, TimeSpan.FromMinutes(5)),
        new NetworkPayloadParser(_clock, TimeSpan.FromMinutes(5)),
        new NoChannel(),
        new FixedLocalSilo(),
        _metrics,
        Options.Create(new MqttBridgeOptions()),
        Options.Create(new CommandOptions()),
        _clock,
        NullLogger<DeviceMessageIngress>.Instance);

    private InterceptingPublishEventArgs Telemetry(string deviceId, int seq)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic($"device/{deviceId}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes($$"""{"temperature":21.5,"seq":{{seq}}}"""))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        return new InterceptingPublishEventArgs(message, "gateway", null, _session, CancellationToken.None);
    }

    /// <summary>A cluster that records which twins and streams were asked for and which streams took a device message.</summary>
    internal sealed class RecordingCluster
    {
        public IClusterClient Client { get; private set; } = null!;

        public IStreamProvider Streams { get; private set; } = null!;

        public List<string> Asked { get; } = [];

        public List<string> StreamsAsked { get; } = [];

        public List<string> Received { get; } = [];

        public static RecordingCluster Create()
        {
            var recording = new RecordingCluster();
            var client = DispatchProxy.Create<IClusterClient, ClusterProxy>();
            ((ClusterProxy)(object)client).Recording = recording;
            recording.Client = client;
            var streams = DispatchProxy.Create<IStreamProvider, StreamProviderProxy>();
            ((StreamProviderProxy)(object)streams).Recording = recording;
            recording.Streams = streams;
            return recording;
        }

        internal class ClusterProxy : DispatchProxy
        {
            public RecordingCluster Recording { get; set; } = null!;

            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
            {
                if (targetMethod?.Name != nameof(IGrainFactory.GetGrain) || args?[0] is not string key)
                {
                    throw new NotSupportedException($"these tests do not script {targetMethod?.Name}");
                }

                Recording.Asked.Add(key);
                var twin = DispatchProxy.Create<ITwinGrain, TwinProxy>();
                ((TwinProxy)(object)twin).Recording = Recording;
                ((TwinProxy)(object)twin).Key = key;
                return twin;
            }
        }

        /// <summary>Twins are asked for (the route keeps one) but take nothing: device messages go to the stream.</summary>
        internal class TwinProxy : DispatchProxy
        {
            public RecordingCluster Recording { get; set; } = null!;

            public string Key { get; set; } = "";

            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
                throw new NotSupportedException($"these tests do not script {targetMethod?.Name}");
        }

        internal class StreamProviderProxy : DispatchProxy
        {
            public RecordingCluster Recording { get; set; } = null!;

            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
            {
                if (targetMethod?.Name != nameof(IStreamProvider.GetStream) || args?[0] is not StreamId streamId)
                {
                    throw new NotSupportedException($"these tests do not script {targetMethod?.Name}");
                }

                var key = streamId.GetKeyAsString();
                Recording.StreamsAsked.Add(key);
                var stream = DispatchProxy.Create<IAsyncStream<DeviceMessage>, StreamProxy>();
                ((StreamProxy)(object)stream).Recording = Recording;
                ((StreamProxy)(object)stream).Key = key;
                return stream;
            }
        }

        internal class StreamProxy : DispatchProxy
        {
            public RecordingCluster Recording { get; set; } = null!;

            public string Key { get; set; } = "";

            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
            {
                if (targetMethod?.Name != nameof(IAsyncStream<DeviceMessage>.OnNextAsync) || args?[0] is not DeviceMessage message)
                {
                    throw new NotSupportedException($"these tests do not script {targetMethod?.Name}");
                }

                Assert.Equal(Key, message.DeviceId);
                Recording.Received.Add(Key);
                return Task.CompletedTask;
            }
        }
    }

    private sealed class NoChannel : IDeviceChannel
    {
        public Task ReportErrorAsync(DeviceError error, SiloAddress? session) => throw new NotSupportedException($"unexpected error {error.Code}: {error.Message}");

        public Task PublishTwinUpdateAsync(TwinUpdate update, byte[] json) => throw new NotSupportedException();

        public Task PublishCommandAsync(DeviceCommand command, SiloAddress? session) => throw new NotSupportedException();

        public Task PublishDesiredAsync(DesiredUpdate update) => throw new NotSupportedException();

        public Task PublishAnomalyAlertAsync(string twinId, byte[] json) => throw new NotSupportedException();

        public Task EndSessionAsync(string deviceId, SiloAddress silo) => throw new NotSupportedException();
    }
}
