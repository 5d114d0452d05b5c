using DigitalTwin.Behaviour.Features;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Traffic;

/// <summary>Each anomaly class shows its signature in the features, against the same device's normal windows.</summary>
public sealed class AnomalySignatureTests
{
    [Fact]
    public void BeaconGivesLowInterArrivalVariationAtItsPeriod()
    {
        var run = SignatureRun.Of(AnomalyClass.Beacon, duration: 7_200);

        // Past the first five minutes, the trailing horizon holds only beacon check-ins (and the odd NTP poll).
        var settled = run.Steady.Where(w => w.Start >= SignatureRun.Onset.AddMinutes(6)).ToList();
        var period = AnomalyCatalog.Describe(AnomalyClass.Beacon).Defaults.Period;

        Assert.NotEmpty(settled);
        Assert.InRange(SignatureRun.Median(settled.Select(w => w[NetworkFeature.InterArrivalMean])), period * 0.75, period);
        Assert.True(SignatureRun.Median(settled.Select(w => w[NetworkFeature.InterArrivalCv])) < 0.2);
        Assert.All(run.Normal, w => Assert.True(w[NetworkFeature.InterArrivalMean] == 0 || w[NetworkFeature.InterArrivalMean] > 200));
    }

    [Fact]
    public void PortScanTouchesManyPortsWithFailedConnections()
    {
        var run = SignatureRun.Of(AnomalyClass.PortScan);

        var normalPorts = run.Normal.Max(w => w[NetworkFeature.DistinctDestinationPorts]);
        Assert.All(run.Steady, w =>
        {
            Assert.True(w[NetworkFeature.DistinctDestinationPorts] > 100 * Math.Max(1, normalPorts));
            Assert.True(w[NetworkFeature.FailedConnections] > 0.9 * w[NetworkFeature.SessionsOpened] - 10);
        });
        // Normal windows refuse an inventory sweep's dozen probes at most; a scan fails by the hundred, every window.
        var normalFailed = run.Normal.Max(w => w[NetworkFeature.FailedConnections]);
        Assert.InRange(normalFailed, 0, InventoryScan.ProbedPorts.Length);
        Assert.All(run.Steady, w => Assert.True(w[NetworkFeature.FailedConnections] > 10 * Math.Max(1, normalFailed)));
    }

    [Fact]
    public void DnsTunnellingAsksForLongHighEntropyUniqueNames()
    {
        var run = SignatureRun.Of(AnomalyClass.DnsTunnelling);

        var normalLength = run.Normal.Max(w => w[NetworkFeature.DnsNameLengthMean]);
        var normalEntropy = run.Normal.Max(w => w[NetworkFeature.DnsNameEntropyMean]);
        var normalNames = run.Normal.Max(w => w[NetworkFeature.DnsUniqueNames]);
        Assert.All(run.Steady, w =>
        {
            Assert.True(w[NetworkFeature.DnsNameLengthMean] > normalLength + 30);
            Assert.True(w[NetworkFeature.DnsNameEntropyMean] > normalEntropy + 0.5);
        });
        Assert.True(SignatureRun.Median(run.Steady.Select(w => w[NetworkFeature.DnsUniqueNames])) > 10 * Math.Max(1, normalNames));
    }

    [Fact]
    public void ExfiltrationSendsFarMoreBytesOutThanNormal()
    {
        var run = SignatureRun.Of(AnomalyClass.DataExfiltration);

        var normal = run.Normal.Max(w => w[NetworkFeature.BytesOut]);
        Assert.All(run.Steady, w => Assert.True(w[NetworkFeature.BytesOut] > 100 * Math.Max(1, normal)));
    }

    [Fact]
    public void BruteForceFailsConnectionsAndTlsHandshakes()
    {
        var run = SignatureRun.Of(AnomalyClass.BruteForce);

        // Refused attempts fail as connections; accepted ones fail their TLS handshake.
        Assert.True(run.Steady.Average(w => w[NetworkFeature.FailedConnections]) > 3);
        Assert.True(run.Steady.Average(w => w[NetworkFeature.TlsFailures]) > 10);
        // Normal traffic fails too (an inventory sweep's refused probes, a handshake before the clock is set after a
        // boot), but in a window here and there; the brute force fails in nearly every window, TLS by the dozen.
        Assert.True(run.Normal.ToList().Share(w => w[NetworkFeature.FailedConnections] + w[NetworkFeature.TlsFailures] > 0) < 0.05);
        Assert.True(run.Steady.ToList().Share(w => w[NetworkFeature.FailedConnections] + w[NetworkFeature.TlsFailures] > 0) > 0.95);
        Assert.True(run.Steady.Average(w => w[NetworkFeature.TlsFailures]) > 5 * Math.Max(1, run.Normal.Max(w => w[NetworkFeature.TlsFailures])));
    }

    [Fact]
    public void ConnectionFloodOpensSessionsByTheThousand()
    {
        var run = SignatureRun.Of(AnomalyClass.ConnectionFlood);

        var normal = run.Normal.Max(w => w[NetworkFeature.SessionsOpened]);
        Assert.All(run.Steady, w => Assert.True(w[NetworkFeature.SessionsOpened] > 100 * Math.Max(1, normal)));
    }

    [Fact]
    public void TrafficSpikeRaisesThePeakPacketRate()
    {
        var run = SignatureRun.Of(AnomalyClass.TrafficSpike);

        var normal = run.Normal.Max(w => w[NetworkFeature.PacketRatePeak]);
        Assert.All(run.Steady, w => Assert.True(w[NetworkFeature.PacketRatePeak] > 50 * Math.Max(1, normal)));
    }

    [Fact]
    public void ProtocolMixShiftsTheRatiosToIcmpAndOther()
    {
        var run = SignatureRun.Of(AnomalyClass.ProtocolMix);

        // A sensor's normal ICMP is an inventory ping now and then: a few packets in a rare window.
        Assert.True(run.Normal.ToList().Share(w => w[NetworkFeature.IcmpRatio] + w[NetworkFeature.OtherRatio] > 0) < 0.02);
        Assert.All(run.Steady, w =>
        {
            Assert.True(w[NetworkFeature.IcmpRatio] + w[NetworkFeature.OtherRatio] > 0.8);
            Assert.True(w[NetworkFeature.TcpRatio] < 0.2);
        });
    }

    [Fact]
    public void PayloadTunnellingSpreadsPayloadSizes()
    {
        var run = SignatureRun.Of(AnomalyClass.PayloadTunnelling);

        var normal = run.Normal.Where(w => w[NetworkFeature.PacketsOut] > 0).Max(w => w[NetworkFeature.PayloadSizeEntropy]);
        Assert.True(SignatureRun.Median(run.Steady.Select(w => w[NetworkFeature.PayloadSizeEntropy])) > normal + 1);
    }

    [Fact]
    public void TimingAnomalyMakesInterArrivalsIrregularAndBursty()
    {
        var run = SignatureRun.Of(AnomalyClass.TimingAnomaly);

        var settled = run.Steady.Where(w => w.Start >= SignatureRun.Onset.AddMinutes(6)).ToList();
        Assert.True(SignatureRun.Median(settled.Select(w => w[NetworkFeature.InterArrivalCv])) > 1.5);
        var burstWindows = settled.Where(w => w[NetworkFeature.SessionsOpened] > 0).ToList();
        Assert.NotEmpty(burstWindows);
        Assert.All(burstWindows, w => Assert.True(w[NetworkFeature.PacketRatePeak] >= 3 * w[NetworkFeature.PacketRateMean]));
    }

    [Fact]
    public void PeriodicSnapshotsAloneAreNormalForACamera()
    {
        var run = SignatureRun.Of(AnomalyClass.Beacon, DeviceTypes.Camera);

        // A camera opens a new upload connection every minute: periodic, and labelled normal.
        var normal = run.Samples.Where(s => s.Window.Start < SignatureRun.Onset && s.Window.Start >= SignatureRun.Start.AddMinutes(10)).ToList();
        Assert.All(normal, s => Assert.Equal("normal", s.Truth.Class));
        // Its inter-arrival mean sits below the snapshot cadence, as the camera's other timers start flows between
        // uploads (a lookup every fifth upload, an IGMP report every 125 s, NTP, SSDP): about 34 s all together. It
        // varies less than random starts (a coefficient of variation of 1) would.
        Assert.InRange(SignatureRun.Median(normal.Select(s => s.Window[NetworkFeature.InterArrivalMean])), 25, 45);
        Assert.True(SignatureRun.Median(normal.Select(s => s.Window[NetworkFeature.InterArrivalCv])) < 1);
    }
}
