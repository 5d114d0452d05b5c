using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Traffic;

/// <summary>
/// Every benign look-alike of an attack signature appears in normal traffic at the rate the data card documents
/// (docs/dataset.md, "Benign look-alikes"), and the features that once were zero in every normal window are not.
/// </summary>
public sealed class BenignLookAlikeTests
{
    [Fact]
    public void BrokerOutagesComeAtTheirDocumentedRateAndAreTheSameForEveryDevice()
    {
        var events = new NetworkEvents(42);
        var outages = Enumerable.Range(20_000, 2_000).SelectMany(day => events.BrokerOutagesOn(day)).ToList();

        Assert.InRange(outages.Count / 2_000.0, NetworkEvents.BrokerOutagesPerDay * 0.9, NetworkEvents.BrokerOutagesPerDay * 1.1);
        Assert.InRange(outages.Count(o => o.Refusing) / (double)outages.Count, NetworkEvents.RefusingShare - 0.05, NetworkEvents.RefusingShare + 0.05);
        Assert.All(outages, o => Assert.InRange(o.End - o.Start, NetworkEvents.ShortestOutageSeconds, NetworkEvents.LongestOutageSeconds));
        // Another instance of the same fleet seed (another device's view) sees the same outages.
        Assert.Equal(events.BrokerOutagesOn(20_005), new NetworkEvents(42).BrokerOutagesOn(20_005));
    }

    [Fact]
    public void ABrokerOutageResetsEveryMqttSessionAndTheReconnectsFailUntilItEnds()
    {
        var events = new NetworkEvents(5);
        var outage = Enumerable.Range((int)(NormalRun.Start.ToUnixTimeSeconds() / 86_400), 100)
            .SelectMany(day => events.BrokerOutagesOn(day)).First(o => o.Refusing && o.End - o.Start > 120);
        var from = DateTimeOffset.FromUnixTimeSeconds((long)outage.Start / 10 * 10 - 300);
        var span = TimeSpan.FromSeconds(outage.End - outage.Start + 900);

        foreach (var type in new[] { DeviceTypes.TemperatureSensor, DeviceTypes.SmartLight, DeviceTypes.Gateway })
        {
            var windows = NormalRun.Of(type, 1, span, from);
            bool During(NetworkWindow w) => w.Start.ToUnixTimeSeconds() >= outage.Start && w.Start.ToUnixTimeSeconds() + 10 <= outage.End;
            var starting = windows.First(w => w.Start.ToUnixTimeSeconds() + 10 > outage.Start);
            var after = windows.Where(w => w.Start.ToUnixTimeSeconds() + 10 > outage.End).ToList();

            Assert.True(starting[NetworkFeature.RstIn] >= 1, $"{type}: the broker resets the session");
            // Refused attempts, backing off: several in the outage, each failed, none succeeding.
            Assert.InRange(windows.Where(During).Sum(w => w[NetworkFeature.FailedConnections]), 3, 40);
            if (type == DeviceTypes.TemperatureSensor)
            {
                // A sensor has nothing else that opens TLS (a light's hub heartbeat and a gateway's forwarded sessions do).
                Assert.All(windows.Where(During), w => Assert.Equal(0, w[NetworkFeature.TlsHandshakes]));
            }

            Assert.True(after.Take(12).Sum(w => w[NetworkFeature.TlsHandshakes]) >= 1, $"{type}: reconnected within two minutes of the end ");
        }
    }

    [Fact]
    public void InventorySweepsProbeEveryDeviceFourTimesADay()
    {
        var windows = NormalRun.Of(DeviceTypes.IndustrialEquipment, 1, TimeSpan.FromDays(1));

        // A dozen probed ports per sweep; the open ones answer (listening ports), the rest are refused. The sweep
        // after midnight also scans ports 1–1,000, of which this type runs 80 and 502 (4840 lies beyond).
        Assert.Equal(4 * InventoryScan.ProbedPorts.Length + InventoryScan.FullSweepPorts, windows.Sum(w => w[NetworkFeature.SynIn]));
        Assert.InRange(windows.Count(w => w[NetworkFeature.SynIn] > 0), 4, 10);
        Assert.Equal(
            4 * (InventoryScan.ProbedPorts.Length - 3) + InventoryScan.FullSweepPorts - 2,
            windows.Where(w => w[NetworkFeature.SynIn] > 0).Sum(w => w[NetworkFeature.FailedConnections]));
        Assert.Equal(InventoryScan.FullSweepPorts - 2 + 4 * (InventoryScan.ProbedPorts.Length - 3), windows.Sum(w => w[NetworkFeature.RstOut]));
        // listening_ports counts distinct ports per window: the full sweep's 80 and 502 add only where they fall in
        // another window than the same sweep's dozen probes.
        Assert.InRange(windows.Sum(w => w[NetworkFeature.ListeningPorts]), 4 * 3, 4 * 3 + 2);
    }

    [Fact]
    public void MonitoringPingsReachTheWatchedDevicesOnTheirPeriod()
    {
        var gateway = SourceRun.Of(new MonitoringPings(30), days: 10);

        Assert.InRange(gateway.Count(p => p.Protocol == TransportProtocol.Icmp && !SourceRun.Sent(p)) / 10.0, 2_880 * 0.97, 2_880 * 1.03);
        Assert.Equal(gateway.Count(p => !SourceRun.Sent(p)), gateway.Count(SourceRun.Sent));

        // On the wire of an industrial device pinged every minute: about one window in six holds ICMP.
        var windows = NormalRun.Of(DeviceTypes.IndustrialEquipment, 1, TimeSpan.FromHours(6));
        Assert.InRange(windows.Share(w => w[NetworkFeature.IcmpRatio] > 0), 0.14, 0.20);
    }

    [Fact]
    public void MulticastDevicesAnswerIgmpQueries()
    {
        var light = SourceRun.Of(new DiscoveryAnnouncements(querier: false, ssdpPeriodSeconds: 900, ssdpPackets: 3), days: 10);
        var reports = light.Count(p => SourceRun.Sent(p) && p.IpProtocol == 2);
        var notifies = light.Count(p => SourceRun.Sent(p) && p.DestinationPort == 1900);

        Assert.InRange(reports / 10.0, 86_400 / DiscoveryAnnouncements.QueryIntervalSeconds - 2, 86_400 / DiscoveryAnnouncements.QueryIntervalSeconds + 2);
        Assert.InRange(notifies / 10.0, 3 * 96 * 0.95, 3 * 96 * 1.05);

        // Queries and reports fall in different windows: about one light window in seven carries IGMP.
        var windows = NormalRun.Of(DeviceTypes.SmartLight, 2, TimeSpan.FromHours(4));
        Assert.InRange(windows.Share(w => w[NetworkFeature.OtherRatio] > 0), 0.10, 0.18);
    }

    [Fact]
    public void AboutHalfOfTheGatewaysCarryATunnel()
    {
        var windows = NormalRun.Of(DeviceTypes.Gateway, 20, TimeSpan.FromMinutes(10));

        // GRE keepalives every 10 s put another protocol in every window of a GRE gateway; ESP bursts and IGMP
        // queries in some windows of the others.
        var devices = windows.Chunk(60).ToList();
        var gre = devices.Count(device => device.All(w => w[NetworkFeature.OtherRatio] > 0));
        Assert.InRange(gre, 20 * DeviceProfile.GreShare - 4, 20 * DeviceProfile.GreShare + 4);
        // The others: an IGMP query every 125 s (one window in 12.5), and ESP bursts on a third of them.
        var others = devices.Where(device => !device.All(w => w[NetworkFeature.OtherRatio] > 0)).SelectMany(device => device).ToList();
        Assert.InRange(others.Share(w => w[NetworkFeature.OtherRatio] > 0), 0.06, 0.6);
    }

    [Fact]
    public void CertificateFailuresComeAtTheirDocumentedRate()
    {
        var service = Endpoint.Of("a3k7odshaiipe8-ats.iot.eu-west-1.cloud-iot.example.com", Endpoint.Ip(203, 0, 113, 10), 443, TransportProtocol.Tcp, 40, 5);
        var packets = SourceRun.Of(new CertificateFailures(service, perDay: 0.5), days: 400);

        // Half an episode a day, each of one to three failed handshakes (two on average), then one that completes.
        var alerts = packets.Count(p => p.Tls == TlsRecord.Alert);
        var completed = packets.Count(p => p.Tls == TlsRecord.ServerHello);
        Assert.InRange(completed / 400.0, 0.5 * 0.85, 0.5 * 1.15);
        Assert.InRange(alerts / (double)completed, 1.8, 2.2);
    }

    [Fact]
    public void RebootsAndWifiDropsComeAtTheirDocumentedRates()
    {
        var time = Endpoint.Of("pool.ntp.org", Endpoint.Ip(162, 159, 200, 1), 123, TransportProtocol.Udp, 20, 3);
        var broker = Endpoint.Of("mqtt.plant.example.com", Endpoint.Ip(10, 0, 0, 2), 8883, TransportProtocol.Tcp, 3, 1);
        var interruptions = new DeviceInterruptions(1 / 3.0, 0.5, 1 / 30.0, [broker.Name!, time.Name!], time, multicast: true, searchSuffix: true);
        var kinds = new List<Interruption>();
        var schedule = new DigitalTwin.DeviceSimulator.Packets.PacketSchedule(60_000_000);
        var window = new TrafficWindow(schedule, SourceRun.Device, new Xoshiro256(3), anomalous: false, 32_768, 16_384);
        for (var t = SourceRun.Start; t < SourceRun.Start.AddDays(400); t = t.AddSeconds(60))
        {
            window.Begin(t, 60, 1);
            interruptions.AddTo(window);
            if (interruptions.Current is { } current && (kinds.Count == 0 || kinds[^1] != current))
            {
                kinds.Add(current);
            }
        }

        // Rates are per day the device is up; power-offs take a few hours of the 400 days.
        Assert.InRange(kinds.Count(k => k.Kind == InterruptionKind.Reboot) / 400.0, 1 / 3.0 * 0.85, 1 / 3.0 * 1.1);
        Assert.InRange(kinds.Count(k => k.Kind == InterruptionKind.WifiDrop) / 400.0, 0.5 * 0.85, 0.5 * 1.1);
        Assert.InRange(kinds.Count(k => k.Kind == InterruptionKind.PowerOff) / 400.0, 1 / 30.0 * 0.5, 1 / 30.0 * 1.5);
        Assert.All(kinds.Where(k => k.Kind == InterruptionKind.Reboot), k => Assert.InRange(k.End - k.Start, 30, 120));
    }

    [Fact]
    public void ARebootSilencesTheDeviceThenReplaysItsBootSequence()
    {
        var windows = NormalRun.Of(DeviceTypes.SmartLight, 6, TimeSpan.FromDays(1));

        // Lights reboot every third day: the boot asks for every name (broker, hub, NTP) in one window, where the
        // rest of the day asks for one name at a time; a search suffix adds NXDOMAIN lookups.
        var boots = windows.Count(w => w[NetworkFeature.DnsUniqueNames] >= 3);
        Assert.InRange(boots, 1, 6);
        Assert.Contains(windows, w => w[NetworkFeature.DnsUniqueNames] >= 3 && w[NetworkFeature.DnsNxdomainRatio] > 0);
    }

    [Fact]
    public void BulkUploadsComeAtNightForBackupsAndByDayForClips()
    {
        var backup = Endpoint.Of("backup.plant.example.com", Endpoint.Ip(10, 0, 0, 7), 443, TransportProtocol.Tcp, 1, 0.2);
        var packets = SourceRun.Of(new BulkUploads(backup, perDay: 1, fromHour: 1, toHour: 4, minBytes: 5e6, maxBytes: 50e6, bytesPerSecond: 2e6), days: 100);

        var syns = packets.Where(p => SourceRun.Sent(p) && p.Flags == TcpFlags.Syn).ToList();
        Assert.InRange(syns.Count, 75, 125);
        Assert.All(syns, p => Assert.InRange(p.TimeMicros / 1_000_000 % 86_400 / 3_600.0, 1, 4.1));
        var bytesOut = packets.Where(SourceRun.Sent).Sum(p => (long)p.IpPayloadLength);
        Assert.InRange(bytesOut / (double)syns.Count, 5e6 * 0.9, 50e6 * 1.1);
    }

    [Fact]
    public void GatewaysForwardBrowsersIntranetRedirectProbesAndSweepForDevices()
    {
        var probes = SourceRun.Of(new IntranetRedirectProbes(perDay: 10), days: 100);
        var sweeps = SourceRun.Of(new DiscoverySweep(perDay: 12), days: 100);

        var nxDomains = probes.Count(p => p.Dns == DnsMessageKind.Response && p.DnsResponseCode == 3);
        Assert.InRange(nxDomains / 100.0, 30 * 0.9, 30 * 1.1);
        var searches = sweeps.Count(p => SourceRun.Sent(p) && p.DestinationPort == 1900) / 2;
        Assert.InRange(searches / 100.0, 12 * 0.85, 12 * 1.15);
    }

    [Fact]
    public void BrowsingBehindAGatewayResolvesNewNamesInBurstsAtItsRate()
    {
        // 60 page loads an hour, 3–20 names each (11.5 on average), 40% of them generated for the page.
        var packets = SourceRun.Of(new ClientBrowsing(pageLoadsPerHour: 60, freshShare: 0.4, connectionsPerPage: 10), days: 2);

        var queries = packets.Where(p => p.Dns == DnsMessageKind.Query).ToList();
        Assert.InRange(queries.Count / 48.0, 60 * 11.5 * 0.9, 60 * 11.5 * 1.1);
        var distinct = queries.Select(q => q.DnsName.Identity).Distinct().Count();
        Assert.InRange(distinct / (double)queries.Count, 0.4 * 0.9, 0.4 * 1.1 + 300.0 / queries.Count);
        Assert.Contains(queries, q => q.DnsName.Length >= 40);
        Assert.Contains(packets, p => p.Tls == TlsRecord.ClientHello && p.HasServerName);
    }

    [Fact]
    public void BrowsingOpensConnectionsByTheDozenAndClosesThemWhenTheServerTimesThemOut()
    {
        // 600 page loads an hour opening 30 connections each: 18,000 an hour, every one closed with FINs both ways.
        var packets = SourceRun.Of(new ClientBrowsing(pageLoadsPerHour: 600, freshShare: 0.3, connectionsPerPage: 30), days: 0.5);

        var opened = packets.Count(p => SourceRun.Sent(p) && p.Flags == TcpFlags.Syn);
        Assert.InRange(opened / 12.0, 18_000 * 0.9, 18_000 * 1.1);
        var finsIn = packets.Where(p => !SourceRun.Sent(p) && (p.Flags & TcpFlags.Fin) != 0).ToList();
        Assert.Equal(opened, finsIn.Count);

        // Kept alive 4–65 s after the page, not closed with it; yet a busy gateway's windows still see dozens of
        // FINs, as many as an answered flood's at 10 connections a second.
        var perWindow = finsIn.GroupBy(p => p.TimeMicros / 10_000_000).Select(g => g.Count()).ToList();
        Assert.Contains(perWindow, count => count >= 40);
        var synToFin = packets.Where(p => SourceRun.Sent(p) && p.Flags == TcpFlags.Syn).Select(p => p.TimeMicros).Order().ToList();
        Assert.True(finsIn.Min(p => p.TimeMicros) - synToFin[0] >= 4_000_000);
    }

    [Fact]
    public void AManagementGatewayScansTheLansCommonPortsOnItsPeriod()
    {
        var packets = SourceRun.Of(new AssetDiscoveryScan(periodHours: 3), days: 2);

        // A scan probes 20–100 hosts × 300 ports; a filtered port's SYN goes three times (2–25% filtered).
        var probes = packets.Count(p => SourceRun.Sent(p) && p.Flags == TcpFlags.Syn);
        var scans = probes / (60.0 * 300 * (1 + 0.135 * 2));
        Assert.InRange(scans, 16 * 0.7, 16 * 1.3);
        Assert.Contains(packets, p => !SourceRun.Sent(p) && (p.Flags & TcpFlags.Rst) != 0);
        Assert.Contains(packets, p => !SourceRun.Sent(p) && p.Flags == (TcpFlags.Syn | TcpFlags.Ack));
    }

    [Fact]
    public void StaleNamesAreAskedOnTheirPeriodAndNeverResolve()
    {
        var packets = SourceRun.Of(new StaleNameLookups(new DomainName("logs.plant.example.com"), 1_200), days: 10);

        var queries = packets.Count(p => p.Dns == DnsMessageKind.Query);
        Assert.InRange(queries, 720 * 0.97, 720 * 1.03);
        Assert.Equal(queries, packets.Count(p => p.Dns == DnsMessageKind.Response && p.DnsResponseCode == 3));
    }

    [Theory]
    [InlineData(DeviceTypes.TemperatureSensor, false, false, false, 0.02)]
    [InlineData(DeviceTypes.EnvironmentalMonitor, false, true, false, 0.02)]
    [InlineData(DeviceTypes.SmartLight, true, true, false, 0.02)]
    [InlineData(DeviceTypes.IndustrialEquipment, false, false, false, 0.02)]
    [InlineData(DeviceTypes.Camera, true, true, false, 0.02)]
    // A gateway's forwarded sessions fail now and then (1%), so a few of its windows in a hundred hold one.
    [InlineData(DeviceTypes.Gateway, true, true, true, 0.1)]
    public void NormalWindowsAreNoLongerCleanOfAttackLikeSignals(string type, bool other, bool longNames, bool nxDomains, double failedShare)
    {
        var windows = NormalRun.Of(type, 3, TimeSpan.FromHours(12));

        // Every type is pinged by the inventory and refuses its closed ports.
        Assert.Contains(windows, w => w[NetworkFeature.IcmpRatio] > 0);
        Assert.Contains(windows, w => w[NetworkFeature.FailedConnections] > 0);
        Assert.Equal(other, windows.Any(w => w[NetworkFeature.OtherRatio] > 0));
        Assert.Equal(longNames, windows.Any(w => w[NetworkFeature.DnsNameLengthMean] > 36));
        if (nxDomains)
        {
            Assert.Contains(windows, w => w[NetworkFeature.DnsNxdomainRatio] > 0);
        }

        // And rare: a detector that flags any of these still sees quiet windows most of the time.
        Assert.True(windows.Share(w => w[NetworkFeature.FailedConnections] > 0) < failedShare);
        Assert.True(windows.Share(w => w[NetworkFeature.SynIn] > 0) < 0.01);
    }

    [Fact]
    public void TemperatureSensorsAreRarelySilentAndDifferFromEachOther()
    {
        var windows = NormalRun.Of(DeviceTypes.TemperatureSensor, 8, TimeSpan.FromHours(6));

        Assert.True(windows.Share(w => w[NetworkFeature.PacketsIn] + w[NetworkFeature.PacketsOut] == 0) < 0.3, $"silent share {windows.Share(w => w[NetworkFeature.PacketsIn] + w[NetworkFeature.PacketsOut] == 0)}");
        // Windows the inventory's sweeps reach (the same for every device) are left out: they are not publishing.
        var rates = windows.Chunk(6 * 360).Select(device => device.Where(w => w[NetworkFeature.SynIn] == 0).Average(w => w[NetworkFeature.PacketsOut])).Order().ToArray();
        Assert.True(rates[^1] > 3 * rates[0], "the busiest sensor publishes several times as often as the quietest");
    }

    [Fact]
    public void WeekendsAreQuieterForOfficeAndPlantDevices()
    {
        var cycle = new DailyCycle(0.3, 14, 0.5);
        var monday = NormalRun.Start.AddHours(14).ToUnixTimeSeconds();

        Assert.Equal(cycle.LoadAt(monday) * 0.5, cycle.LoadAt(monday + 5 * 86_400), 9);
        Assert.Equal(cycle.LoadAt(monday) * 0.5, cycle.LoadAt(monday + 6 * 86_400), 9);
        Assert.Equal(cycle.LoadAt(monday), cycle.LoadAt(monday + 7 * 86_400), 9);
    }
}
