using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A device type's normal traffic: its sources and its daily cycle. Each device gets its own
/// profile drawn from its generator, so devices of one type are alike but not identical (telemetry interval, RTT,
/// image size, which look-alikes of attack traffic it shows and how often). docs/dataset.md describes each type's
/// profile and every benign look-alike with its rate.
/// </summary>
internal sealed class DeviceProfile
{
    private static readonly uint Broker = Endpoint.Ip(10, 0, 0, 2);
    private static readonly uint VideoRecorder = Endpoint.Ip(10, 0, 0, 3);
    private static readonly uint BackupServer = Endpoint.Ip(10, 0, 0, 7);
    private static readonly uint Scada = Endpoint.Ip(10, 0, 1, 10);
    private static readonly uint Cdn = Endpoint.Ip(198, 51, 100, 7);
    private static readonly uint Cloud = Endpoint.Ip(203, 0, 113, 10);
    private static readonly uint Headquarters = Endpoint.Ip(192, 0, 2, 1);
    private static readonly uint TimeServer = Endpoint.Ip(162, 159, 200, 1);
    private static readonly uint Multicast = Endpoint.Ip(224, 0, 0, 251);

    /// <summary>Share of devices still configured with a name that no longer resolves.</summary>
    public const double StaleNameShare = 0.12;

    /// <summary>Share of devices whose resolver appends a search suffix first (NXDOMAIN for the suffixed name at boot).</summary>
    public const double SearchSuffixShare = 0.3;

    /// <summary>Share of gateways with a GRE tunnel to headquarters, and with an IPsec (ESP) one.</summary>
    public const double GreShare = 0.25, EspShare = 0.25;

    private static readonly string[] StaleNames =
        ["logs.plant.example.com", "ntp2.plant.example.com", "backup-old.plant.example.com", "mqtt-legacy.plant.example.com", "mqtt.plnat.example.com"];

    private DeviceProfile(string deviceType, DailyCycle cycle, IReadOnlyList<ITrafficSource> sources)
    {
        DeviceType = deviceType;
        Cycle = cycle;
        Sources = sources;
    }

    public string DeviceType { get; }

    public DailyCycle Cycle { get; }

    public IReadOnlyList<ITrafficSource> Sources { get; }

    public static DeviceProfile For(string deviceType, Xoshiro256 random, NetworkEvents events) => deviceType switch
    {
        DeviceTypes.TemperatureSensor => TemperatureSensor(random, events),
        DeviceTypes.EnvironmentalMonitor => EnvironmentalMonitor(random, events),
        DeviceTypes.SmartLight => SmartLight(random, events),
        DeviceTypes.IndustrialEquipment => IndustrialEquipment(random, events),
        DeviceTypes.Camera => Camera(random, events),
        DeviceTypes.Gateway => Gateway(random, events),
        _ => throw new ArgumentException($"no traffic profile for device type '{deviceType}'", nameof(deviceType)),
    };

    private static Endpoint MqttBroker(Xoshiro256 random) => Endpoint.Of("mqtt.plant.example.com", Broker, 8883, TransportProtocol.Tcp, random.Uniform(2, 8), 1);

    private static Endpoint TimeService(Xoshiro256 random) => Endpoint.Of("pool.ntp.org", TimeServer, 123, TransportProtocol.Udp, random.Uniform(15, 40), 3);

    // MQTT over TLS to the broker: one publish (and its PUBACK) per telemetry interval plus a PINGREQ per keepalive;
    // reset by the site's broker outages and reconnected with backoff.
    private static PersistentSession Mqtt(
        Xoshiro256 random, Endpoint broker, double telemetrySeconds, double payloadBytes, bool followsLoad, DeviceInterruptions interruptions,
        NetworkEvents events, double retransmissionShare = 0.002, double driftPerDay = 0) =>
        new(
            broker, outbound: true, tls: true,
            packetsOutPerSecond: 1 / telemetrySeconds + 1 / 60.0,
            packetsInPerSecond: 1 / telemetrySeconds + 1 / 60.0,
            bytesPerPacketOut: payloadBytes, bytesPerPacketIn: 40, sizeStd: payloadBytes * 0.15,
            meanLifetimeSeconds: random.Uniform(1, 4) * 86_400, followsLoad, retransmissionShare, driftPerDay, interruptions, events);

    private static PeriodicSession Ntp(Endpoint timeServer) =>
        new(timeServer, periodSeconds: 1_024, jitter: 0.02, lifetimeSeconds: 0.05, packetsOut: 1, packetsIn: 1, bytesOut: 48, bytesIn: 48,
            sizeStd: 0, tls: false, dnsTtlSeconds: 3_600);

    private static FirmwareUpdate Firmware(Xoshiro256 random, double dailyProbability, double imageBytes, double bytesPerSecond) =>
        new(
            Endpoint.Of("firmware.vendor-cdn.example.net", Cdn, 443, TransportProtocol.Tcp, random.Uniform(20, 60), 5),
            dailyProbability, imageBytes, bytesPerSecond);

    private static DeviceInterruptions Interruptions(
        Xoshiro256 random, double rebootsPerDay, double wifiDropsPerDay, double powerOffsPerDay, Endpoint timeServer, bool multicast, params Endpoint[] named) =>
        new(rebootsPerDay, wifiDropsPerDay, powerOffsPerDay, [.. named.Select(e => e.Name!), timeServer.Name!], timeServer, multicast, random.Chance(SearchSuffixShare));

    private static InventoryScan Inventory(Xoshiro256 random, NetworkEvents events, bool snmp, params ushort[] openPorts) =>
        new(events, openPorts, random.Uniform(0, NetworkEvents.InventorySweepSpanSeconds), snmp);

    // The few devices with a stale name ask it on the NTP poll's rhythm or slower.
    private static void AddStaleName(List<ITrafficSource> sources, Xoshiro256 random)
    {
        if (random.Chance(StaleNameShare))
        {
            sources.Add(new StaleNameLookups(new DomainName(StaleNames[random.NextInt(StaleNames.Length)]), random.Uniform(600, 3_600)));
        }
    }

    private static DeviceProfile TemperatureSensor(Xoshiro256 random, NetworkEvents events)
    {
        var broker = MqttBroker(random);
        var time = TimeService(random);
        var interruptions = Interruptions(random, rebootsPerDay: 1 / 14.0, wifiDropsPerDay: 0.5, powerOffsPerDay: 1 / 60.0, time, multicast: false, broker);
        // Sensors differ: some publish every 5 s, some every 30 s (log-uniform), report on change (more by day),
        // sit on Wi-Fi with their own loss, and drift by a few percent a day.
        var telemetry = Math.Exp(random.Uniform(Math.Log(5), Math.Log(30)));
        var sources = new List<ITrafficSource>
        {
            interruptions,
            Mqtt(random, broker, telemetry, payloadBytes: random.Uniform(90, 160), followsLoad: true, interruptions, events,
                retransmissionShare: random.Uniform(0.002, 0.03), driftPerDay: random.Normal(0, 0.03)),
            Ntp(time),
            Firmware(random, dailyProbability: 1 / 30.0, imageBytes: random.Uniform(0.4e6, 1.5e6), bytesPerSecond: 100e3),
            Inventory(random, events, snmp: false, random.Chance(0.3) ? [80] : []),
        };
        AddStaleName(sources, random);
        return new DeviceProfile(DeviceTypes.TemperatureSensor, new DailyCycle(0.25, 14), sources);
    }

    private static DeviceProfile EnvironmentalMonitor(Xoshiro256 random, NetworkEvents events)
    {
        var broker = MqttBroker(random);
        var time = TimeService(random);
        var api = Endpoint.Of(CloudNames.IotEndpoint(random).Text, Cloud, 443, TransportProtocol.Tcp, random.Uniform(30, 80), 6);
        var interruptions = Interruptions(random, rebootsPerDay: 1 / 14.0, wifiDropsPerDay: 0.3, powerOffsPerDay: 1 / 90.0, time, multicast: false, broker, api);
        var sources = new List<ITrafficSource>
        {
            interruptions,
            Mqtt(random, broker, random.Uniform(5, 15), payloadBytes: random.Uniform(280, 360), followsLoad: false, interruptions, events,
                retransmissionShare: random.Uniform(0.002, 0.01), driftPerDay: random.Normal(0, 0.02)),
            new PeriodicSession(
                api, periodSeconds: 300, jitter: 0.02, lifetimeSeconds: 1.5, packetsOut: 9, packetsIn: 8, bytesOut: 2_600, bytesIn: 5_400,
                sizeStd: 350, tls: true, dnsTtlSeconds: 300),
            new CertificateFailures(api, perDay: 0.5),
            Ntp(time),
            Firmware(random, dailyProbability: 1 / 20.0, imageBytes: random.Uniform(1e6, 3e6), bytesPerSecond: 150e3),
            new MonitoringPings(300),
            Inventory(random, events, snmp: false, 80, 443),
        };
        AddStaleName(sources, random);
        return new DeviceProfile(DeviceTypes.EnvironmentalMonitor, new DailyCycle(0.1, 14, 0.9), sources);
    }

    private static DeviceProfile SmartLight(Xoshiro256 random, NetworkEvents events)
    {
        var broker = MqttBroker(random);
        var time = TimeService(random);
        var hub = Endpoint.Of(CloudNames.IotEndpoint(random).Text, Cloud + 1, 443, TransportProtocol.Tcp, random.Uniform(30, 80), 6);
        // Wall switches power-cycle lights: they reboot far more often than other devices.
        var interruptions = Interruptions(random, rebootsPerDay: 1 / 3.0, wifiDropsPerDay: 0.5, powerOffsPerDay: 1 / 30.0, time, multicast: true, broker, hub);
        var sources = new List<ITrafficSource>
        {
            interruptions,
            Mqtt(random, broker, random.Uniform(30, 90), payloadBytes: 80, followsLoad: true, interruptions, events,
                retransmissionShare: random.Uniform(0.002, 0.02)),
            new PeriodicSession(
                Endpoint.Of(null, Multicast, 5353, TransportProtocol.Udp, 0.5, 0.1),
                periodSeconds: 120, jitter: 0.1, lifetimeSeconds: 0.01, packetsOut: 2, packetsIn: 0, bytesOut: 180, bytesIn: 0,
                sizeStd: 20, tls: false, dnsTtlSeconds: 0),
            new PeriodicSession(
                hub, periodSeconds: 600, jitter: 0.05, lifetimeSeconds: 0.8, packetsOut: 7, packetsIn: 6, bytesOut: 1_400, bytesIn: 3_900,
                sizeStd: 300, tls: true, dnsTtlSeconds: 600),
            new CertificateFailures(hub, perDay: 0.5),
            new DiscoveryAnnouncements(querier: false, ssdpPeriodSeconds: 900, ssdpPackets: 3),
            Ntp(time),
            Firmware(random, dailyProbability: 1 / 14.0, imageBytes: random.Uniform(0.5e6, 1e6), bytesPerSecond: 80e3),
            Inventory(random, events, snmp: false, 80),
        };
        AddStaleName(sources, random);
        return new DeviceProfile(DeviceTypes.SmartLight, new DailyCycle(0.7, 20, 0.8), sources);
    }

    private static DeviceProfile IndustrialEquipment(Xoshiro256 random, NetworkEvents events)
    {
        var time = TimeService(random);
        var backup = Endpoint.Of("backup.plant.example.com", BackupServer, 443, TransportProtocol.Tcp, random.Uniform(0.5, 2), 0.2);
        var interruptions = Interruptions(random, rebootsPerDay: 1 / 30.0, wifiDropsPerDay: 0, powerOffsPerDay: 0, time, multicast: false, backup);
        var sources = new List<ITrafficSource>
        {
            interruptions,
            // The SCADA master polls Modbus/TCP once a second and holds an OPC UA subscription: both sessions are
            // accepted by the device, on a LAN with sub-millisecond jitter.
            new PersistentSession(
                Endpoint.Of(null, Scada, 502, TransportProtocol.Tcp, random.Uniform(0.5, 2), 0.2),
                outbound: false, tls: false, packetsOutPerSecond: 1, packetsInPerSecond: 1, bytesPerPacketOut: 41,
                bytesPerPacketIn: 12, sizeStd: 6, meanLifetimeSeconds: 7 * 86_400, followsLoad: false, interruptions: interruptions),
            new PersistentSession(
                Endpoint.Of(null, Scada, 4840, TransportProtocol.Tcp, random.Uniform(0.5, 2), 0.2),
                outbound: false, tls: false, packetsOutPerSecond: random.Uniform(1, 3), packetsInPerSecond: 0.5, bytesPerPacketOut: 220,
                bytesPerPacketIn: 60, sizeStd: 40, meanLifetimeSeconds: 3 * 86_400, followsLoad: true, driftPerDay: random.Normal(0, 0.02),
                interruptions: interruptions),
            // The historian's logs go to the backup server every night.
            new BulkUploads(backup, perDay: 1, fromHour: 1, toHour: 4, minBytes: 5e6, maxBytes: 50e6, bytesPerSecond: 2e6),
            Ntp(time),
            Firmware(random, dailyProbability: 1 / 60.0, imageBytes: random.Uniform(2e6, 6e6), bytesPerSecond: 200e3),
            new MonitoringPings(60),
            Inventory(random, events, snmp: true, 80, 502, 4840),
        };
        AddStaleName(sources, random);
        return new DeviceProfile(DeviceTypes.IndustrialEquipment, new DailyCycle(0.3, 14, 0.5), sources);
    }

    private static DeviceProfile Camera(Xoshiro256 random, NetworkEvents events)
    {
        var bitrate = random.Uniform(1.5e6, 4e6) / 8;
        var time = TimeService(random);
        var snapshots = Endpoint.Of(CloudNames.CdnEdge(random).Text, Cloud + 2, 443, TransportProtocol.Tcp, random.Uniform(30, 90), 8);
        var storage = Endpoint.Of(CloudNames.StorageBucket(random).Text, Cloud + 3, 443, TransportProtocol.Tcp, random.Uniform(30, 90), 8);
        // Two cameras in five are on Wi-Fi.
        var wifiDrops = random.Chance(0.4) ? 0.3 : 0;
        var interruptions = Interruptions(random, rebootsPerDay: 1 / 14.0, wifiDrops, powerOffsPerDay: 1 / 90.0, time, multicast: true, snapshots, storage);
        var sources = new List<ITrafficSource>
        {
            interruptions,
            // The recorder pulls the video over RTSP (interleaved TCP): heavy upstream on an accepted session.
            new PersistentSession(
                Endpoint.Of(null, VideoRecorder, 554, TransportProtocol.Tcp, random.Uniform(1, 3), 0.4),
                outbound: false, tls: false, packetsOutPerSecond: bitrate / 1_100, packetsInPerSecond: bitrate / 1_100 / 8,
                bytesPerPacketOut: 1_100, bytesPerPacketIn: 52, sizeStd: 280, meanLifetimeSeconds: 2 * 86_400, followsLoad: true,
                driftPerDay: random.Normal(0, 0.03), interruptions: interruptions),
            // A snapshot uploaded to the cloud every minute: benign periodic new connections.
            new PeriodicSession(
                snapshots, periodSeconds: 60, jitter: 0.03, lifetimeSeconds: 1.2, packetsOut: 70, packetsIn: 30, bytesOut: (long)random.Uniform(60e3, 120e3),
                bytesIn: 2_000, sizeStd: 420, tls: true, dnsTtlSeconds: 300),
            // Motion clips go to cloud storage in the daytime.
            new BulkUploads(storage, perDay: random.Uniform(5, 30), fromHour: 6, toHour: 22, minBytes: 2e6, maxBytes: 15e6, bytesPerSecond: 1e6),
            new CertificateFailures(snapshots, perDay: 0.5),
            new DiscoveryAnnouncements(querier: false, ssdpPeriodSeconds: 1_800, ssdpPackets: 4),
            Ntp(time),
            Firmware(random, dailyProbability: 1 / 30.0, imageBytes: random.Uniform(8e6, 20e6), bytesPerSecond: 500e3),
            new MonitoringPings(60),
            Inventory(random, events, snmp: true, 80, 443, 554),
        };
        AddStaleName(sources, random);
        return new DeviceProfile(DeviceTypes.Camera, new DailyCycle(0.3, 13, 0.85), sources);
    }

    private static DeviceProfile Gateway(Xoshiro256 random, NetworkEvents events)
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

        // One name in four is a cloud IoT endpoint, a CDN distribution or a load balancer: long and random-looking,
        // but the same each time.
        var names = new DomainName[120];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = (i % 12) switch
            {
                0 or 6 => CloudNames.IotEndpoint(random),
                3 => CloudNames.CdnEdge(random),
                9 => CloudNames.LoadBalancer(random),
                _ => new DomainName($"{ServiceWords[i % ServiceWords.Length]}{i / ServiceWords.Length}.{ZoneWords[random.NextInt(ZoneWords.Length)]}.example.com"),
            };
        }

        var broker = MqttBroker(random);
        var time = TimeService(random);
        var backup = Endpoint.Of("backup.plant.example.com", BackupServer, 443, TransportProtocol.Tcp, random.Uniform(0.5, 2), 0.2);
        var interruptions = Interruptions(random, rebootsPerDay: 1 / 30.0, wifiDropsPerDay: 0, powerOffsPerDay: 0, time, multicast: true, broker, backup);
        var sources = new List<ITrafficSource>
        {
            interruptions,
            new RandomSessions(
                destinations, names, sessionsPerSecond: random.Uniform(0.3, 1.2), meanLifetimeSeconds: 20, meanPackets: 30,
                meanBytesPerPacketOut: 300, meanBytesPerPacketIn: 900, lookupShare: 0.3, nxDomainShare: 0.02, failureShare: 0.01),
            Mqtt(random, broker, random.Uniform(1, 5), payloadBytes: 600, followsLoad: true, interruptions, events),
            new CertificateFailures(destinations[random.NextInt(10)] with { Port = 443, Protocol = TransportProtocol.Tcp }, perDay: 1),
            new IntranetRedirectProbes(perDay: random.Uniform(5, 20)),
            new DiscoveryAnnouncements(querier: true, ssdpPeriodSeconds: 0, ssdpPackets: 0),
            new DiscoverySweep(perDay: 12),
            // Configuration and logs are backed up every night.
            new BulkUploads(backup, perDay: 1, fromHour: 1, toHour: 4, minBytes: 20e6, maxBytes: 200e6, bytesPerSecond: random.Uniform(1e6, 3e6)),
            Ntp(time),
            Firmware(random, dailyProbability: 1 / 45.0, imageBytes: random.Uniform(10e6, 30e6), bytesPerSecond: 1e6),
            new MonitoringPings(30),
            Inventory(random, events, snmp: true, 22, 80, 443),
        };
        // Gateways forward people's browsing (new names all day, rates differing by site) and half of them are the
        // site's management host, scanning the LAN's ports for the asset inventory.
        sources.Add(new ClientBrowsing(
            pageLoadsPerHour: Math.Exp(random.Uniform(Math.Log(10), Math.Log(600))),
            freshShare: random.Uniform(0.2, 0.5),
            connectionsPerPage: Math.Exp(random.Uniform(Math.Log(4), Math.Log(40)))));
        if (random.Chance(0.5))
        {
            sources.Add(new AssetDiscoveryScan(periodHours: random.Uniform(2, 4)));
        }

        var tunnel = random.NextDouble();
        if (tunnel < GreShare + EspShare)
        {
            sources.Add(new VpnTunnel(Headquarters, tunnel < GreShare ? VpnTunnel.Gre : VpnTunnel.Esp, burstsPerHour: random.Uniform(5, 30)));
        }

        AddStaleName(sources, random);
        return new DeviceProfile(DeviceTypes.Gateway, new DailyCycle(0.6, 14, 0.7), sources);
    }

    private static readonly string[] ServiceWords = ["api", "cdn", "telemetry", "auth", "update", "status", "metrics", "static", "push", "config"];

    private static readonly string[] ZoneWords = ["cloud", "vendor", "services", "edge", "iot", "partner"];
}
