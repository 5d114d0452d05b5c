using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A device type's normal traffic: its sources and its daily cycle. Each device gets its own
/// profile drawn from its generator, so devices of one type are alike but not identical (telemetry interval, RTT,
/// image size). docs/dataset.md describes each type's profile.
/// </summary>
public sealed class DeviceProfile
{
    private static readonly uint Broker = Endpoint.Ip(10, 0, 0, 2);
    private static readonly uint VideoRecorder = Endpoint.Ip(10, 0, 0, 3);
    private static readonly uint Scada = Endpoint.Ip(10, 0, 1, 10);
    private static readonly uint Cdn = Endpoint.Ip(198, 51, 100, 7);
    private static readonly uint Cloud = Endpoint.Ip(203, 0, 113, 10);
    private static readonly uint TimeServer = Endpoint.Ip(162, 159, 200, 1);
    private static readonly uint Multicast = Endpoint.Ip(224, 0, 0, 251);

    private DeviceProfile(string deviceType, DailyCycle cycle, IReadOnlyList<ITrafficSource> sources)
    {
        DeviceType = deviceType;
        Cycle = cycle;
        Sources = sources;
    }

    public string DeviceType { get; }

    public DailyCycle Cycle { get; }

    public IReadOnlyList<ITrafficSource> Sources { get; }

    public static DeviceProfile For(string deviceType, Xoshiro256 random) => deviceType switch
    {
        DeviceTypes.TemperatureSensor => TemperatureSensor(random),
        DeviceTypes.EnvironmentalMonitor => EnvironmentalMonitor(random),
        DeviceTypes.SmartLight => SmartLight(random),
        DeviceTypes.IndustrialEquipment => IndustrialEquipment(random),
        DeviceTypes.Camera => Camera(random),
        DeviceTypes.Gateway => Gateway(random),
        _ => throw new ArgumentException($"no traffic profile for device type '{deviceType}'", nameof(deviceType)),
    };

    // MQTT over TLS to the broker: one publish (and its PUBACK) per telemetry interval plus a PINGREQ per keepalive.
    private static PersistentSession Mqtt(Xoshiro256 random, double telemetrySeconds, double payloadBytes, bool followsLoad) =>
        new(
            Endpoint.Of("mqtt.plant.example.com", Broker, 8883, TransportProtocol.Tcp, random.Uniform(2, 8), 1),
            outbound: true, tls: true,
            packetsOutPerSecond: 1 / telemetrySeconds + 1 / 60.0,
            packetsInPerSecond: 1 / telemetrySeconds + 1 / 60.0,
            bytesPerPacketOut: payloadBytes, bytesPerPacketIn: 40, sizeStd: payloadBytes * 0.15,
            meanLifetimeSeconds: random.Uniform(1, 4) * 86_400, followsLoad);

    private static PeriodicSession Ntp(Xoshiro256 random) =>
        new(
            Endpoint.Of("pool.ntp.org", TimeServer, 123, TransportProtocol.Udp, random.Uniform(15, 40), 3),
            periodSeconds: 1_024, jitter: 0.02, lifetimeSeconds: 0.05, packetsOut: 1, packetsIn: 1, bytesOut: 48, bytesIn: 48,
            sizeStd: 0, tls: false, dnsTtlSeconds: 3_600);

    private static FirmwareUpdate Firmware(Xoshiro256 random, double dailyProbability, double imageBytes, double bytesPerSecond) =>
        new(
            Endpoint.Of("firmware.vendor-cdn.example.net", Cdn, 443, TransportProtocol.Tcp, random.Uniform(20, 60), 5),
            dailyProbability, imageBytes, bytesPerSecond);

    private static DeviceProfile TemperatureSensor(Xoshiro256 random) => new(
        DeviceTypes.TemperatureSensor,
        DailyCycle.Flat,
        [
            Mqtt(random, telemetrySeconds: random.Uniform(15, 60), payloadBytes: 110, followsLoad: false),
            Ntp(random),
            Firmware(random, dailyProbability: 1 / 30.0, imageBytes: random.Uniform(0.4e6, 1.5e6), bytesPerSecond: 100e3),
        ]);

    private static DeviceProfile EnvironmentalMonitor(Xoshiro256 random) => new(
        DeviceTypes.EnvironmentalMonitor,
        new DailyCycle(0.1, 14),
        [
            Mqtt(random, telemetrySeconds: random.Uniform(5, 15), payloadBytes: 320, followsLoad: false),
            new PeriodicSession(
                Endpoint.Of("api.airq-cloud.example.com", Cloud, 443, TransportProtocol.Tcp, random.Uniform(30, 80), 6),
                periodSeconds: 300, jitter: 0.02, lifetimeSeconds: 1.5, packetsOut: 9, packetsIn: 8, bytesOut: 2_600, bytesIn: 5_400,
                sizeStd: 350, tls: true, dnsTtlSeconds: 300),
            Ntp(random),
            Firmware(random, dailyProbability: 1 / 20.0, imageBytes: random.Uniform(1e6, 3e6), bytesPerSecond: 150e3),
        ]);

    private static DeviceProfile SmartLight(Xoshiro256 random) => new(
        DeviceTypes.SmartLight,
        new DailyCycle(0.7, 20),
        [
            Mqtt(random, telemetrySeconds: random.Uniform(30, 90), payloadBytes: 80, followsLoad: true),
            new PeriodicSession(
                Endpoint.Of(null, Multicast, 5353, TransportProtocol.Udp, 0.5, 0.1),
                periodSeconds: 120, jitter: 0.1, lifetimeSeconds: 0.01, packetsOut: 2, packetsIn: 0, bytesOut: 180, bytesIn: 0,
                sizeStd: 20, tls: false, dnsTtlSeconds: 0),
            new PeriodicSession(
                Endpoint.Of("hub.lights.example.com", Cloud + 1, 443, TransportProtocol.Tcp, random.Uniform(30, 80), 6),
                periodSeconds: 600, jitter: 0.05, lifetimeSeconds: 0.8, packetsOut: 7, packetsIn: 6, bytesOut: 1_400, bytesIn: 3_900,
                sizeStd: 300, tls: true, dnsTtlSeconds: 600),
            Ntp(random),
            Firmware(random, dailyProbability: 1 / 14.0, imageBytes: random.Uniform(0.5e6, 1e6), bytesPerSecond: 80e3),
        ]);

    private static DeviceProfile IndustrialEquipment(Xoshiro256 random) => new(
        DeviceTypes.IndustrialEquipment,
        new DailyCycle(0.3, 14),
        [
            // The SCADA master polls Modbus/TCP once a second and holds an OPC UA subscription: both sessions are
            // accepted by the device, on a LAN with sub-millisecond jitter.
            new PersistentSession(
                Endpoint.Of(null, Scada, 502, TransportProtocol.Tcp, random.Uniform(0.5, 2), 0.2),
                outbound: false, tls: false, packetsOutPerSecond: 1, packetsInPerSecond: 1, bytesPerPacketOut: 41,
                bytesPerPacketIn: 12, sizeStd: 6, meanLifetimeSeconds: 7 * 86_400, followsLoad: false),
            new PersistentSession(
                Endpoint.Of(null, Scada, 4840, TransportProtocol.Tcp, random.Uniform(0.5, 2), 0.2),
                outbound: false, tls: false, packetsOutPerSecond: random.Uniform(1, 3), packetsInPerSecond: 0.5, bytesPerPacketOut: 220,
                bytesPerPacketIn: 60, sizeStd: 40, meanLifetimeSeconds: 3 * 86_400, followsLoad: true),
            Ntp(random),
            Firmware(random, dailyProbability: 1 / 60.0, imageBytes: random.Uniform(2e6, 6e6), bytesPerSecond: 200e3),
        ]);

    private static DeviceProfile Camera(Xoshiro256 random)
    {
        var bitrate = random.Uniform(1.5e6, 4e6) / 8;
        return new DeviceProfile(
            DeviceTypes.Camera,
            new DailyCycle(0.3, 13),
            [
                // The recorder pulls the video over RTSP (interleaved TCP): heavy upstream on an accepted session.
                new PersistentSession(
                    Endpoint.Of(null, VideoRecorder, 554, TransportProtocol.Tcp, random.Uniform(1, 3), 0.4),
                    outbound: false, tls: false, packetsOutPerSecond: bitrate / 1_100, packetsInPerSecond: bitrate / 1_100 / 8,
                    bytesPerPacketOut: 1_100, bytesPerPacketIn: 52, sizeStd: 280, meanLifetimeSeconds: 2 * 86_400, followsLoad: true),
                // A snapshot uploaded to the cloud every minute: benign periodic new connections.
                new PeriodicSession(
                    Endpoint.Of("snapshots.camcloud.example.com", Cloud + 2, 443, TransportProtocol.Tcp, random.Uniform(30, 90), 8),
                    periodSeconds: 60, jitter: 0.03, lifetimeSeconds: 1.2, packetsOut: 70, packetsIn: 30, bytesOut: (long)random.Uniform(60e3, 120e3),
                    bytesIn: 2_000, sizeStd: 420, tls: true, dnsTtlSeconds: 300),
                Ntp(random),
                Firmware(random, dailyProbability: 1 / 30.0, imageBytes: random.Uniform(8e6, 20e6), bytesPerSecond: 500e3),
            ]);
    }

    private static DeviceProfile Gateway(Xoshiro256 random)
    {
        var destinations = new Endpoint[150];
        for (var i = 0; i < destinations.Length; i++)
        {
            var pick = random.NextDouble();
            var (port, protocol) = pick switch
            {
                < 0.75 => ((ushort)443, TransportProtocol.Tcp),
                < 0.85 => ((ushort)80, TransportProtocol.Tcp),
                < 0.92 => ((ushort)8883, TransportProtocol.Tcp),
                < 0.97 => ((ushort)443, TransportProtocol.Udp),
                _ => ((ushort)123, TransportProtocol.Udp),
            };
            destinations[i] = new Endpoint(Endpoint.Ip(203, 0, (byte)(113 + i / 200), (byte)(20 + i % 200)), port, protocol, null, random.Uniform(15, 120), 8);
        }

        var names = new DomainName[120];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = new DomainName($"{ServiceWords[i % ServiceWords.Length]}{i / ServiceWords.Length}.{ZoneWords[random.NextInt(ZoneWords.Length)]}.example.com");
        }

        return new DeviceProfile(
            DeviceTypes.Gateway,
            new DailyCycle(0.6, 14),
            [
                new RandomSessions(
                    destinations, names, sessionsPerSecond: random.Uniform(0.3, 1.2), meanLifetimeSeconds: 20, meanPackets: 30,
                    meanBytesPerPacketOut: 300, meanBytesPerPacketIn: 900, lookupShare: 0.3, nxDomainShare: 0.02, failureShare: 0.01),
                Mqtt(random, telemetrySeconds: random.Uniform(1, 5), payloadBytes: 600, followsLoad: true),
                Ntp(random),
                Firmware(random, dailyProbability: 1 / 45.0, imageBytes: random.Uniform(10e6, 30e6), bytesPerSecond: 1e6),
            ]);
    }

    private static readonly string[] ServiceWords = ["api", "cdn", "telemetry", "auth", "update", "status", "metrics", "static", "push", "config"];

    private static readonly string[] ZoneWords = ["cloud", "vendor", "services", "edge", "iot", "partner"];
}
