using DigitalTwin.Behaviour.Features;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Traffic;

/// <summary>
/// The protocol variants and low-and-slow bands show their own signatures, from packets alone, against the same
/// device's normal windows.
/// </summary>
public sealed class AnomalyVariantSignatureTests
{
    [Fact]
    public void AT0ScanSendsAProbeEveryFiveMinutesToNewDestinations()
    {
        var parameters = SignatureRun.Variant(
            AnomalyClass.PortScan, AnomalyCatalog.ScanTimings["T0"], AnomalyBand.LowAndSlow, (AnomalyVariants.Timing, "T0"), (AnomalyVariants.Targets, "host"));
        var run = SignatureRun.Of(AnomalyClass.PortScan, duration: 3_600, parameters: parameters);

        var probing = run.Anomalous.Where(w => w[NetworkFeature.SynOut] >= 1).ToList();
        // Twelve probes in the hour, one window each (filtered ports resend their SYN, in the same window or the next).
        Assert.InRange(probing.Count, 10, 26);
        Assert.Contains(probing, w => w[NetworkFeature.NewDestinations] >= 1);
        Assert.All(run.Normal, w => Assert.Equal(0, w[NetworkFeature.SynOut]));
    }

    [Fact]
    public void AT2ScanProbesFourPortsEveryWindow()
    {
        var parameters = SignatureRun.Variant(
            AnomalyClass.PortScan, AnomalyCatalog.ScanTimings["T2"], AnomalyBand.LowAndSlow, (AnomalyVariants.Timing, "T2"), (AnomalyVariants.Targets, "subnet"));
        var run = SignatureRun.Of(AnomalyClass.PortScan, parameters: parameters);

        Assert.All(run.Steady, w =>
        {
            Assert.InRange(w[NetworkFeature.DistinctDestinationPorts], 20, 30);
            Assert.True(w[NetworkFeature.FailedConnections] >= 15);
            Assert.True(w[NetworkFeature.NewDestinations] >= 20);
        });
    }

    [Fact]
    public void ASweepReachesManyHostsOnFewPorts()
    {
        var parameters = SignatureRun.Variant(AnomalyClass.PortScan, 100, AnomalyBand.Standard, (AnomalyVariants.Timing, "T3"), (AnomalyVariants.Targets, "sweep"));
        var run = SignatureRun.Of(AnomalyClass.PortScan, parameters: parameters);

        // A thousand probes a window walk all 254 hosts on four or five of the sweep's ports.
        var normalPorts = run.Normal.Max(w => w[NetworkFeature.DistinctDestinationPorts]);
        Assert.All(run.Steady, w =>
        {
            Assert.True(w[NetworkFeature.DistinctDestinationIps] > 200);
            Assert.True(w[NetworkFeature.DistinctDestinationPorts] <= 5 + normalPorts);
            Assert.True(w[NetworkFeature.UnansweredSynRatio] > 0.2);
        });
    }

    [Fact]
    public void AnSshBruteForceHasNoTlsButServerClosesAndResets()
    {
        var run = SignatureRun.Of(AnomalyClass.BruteForce, parameters: SignatureRun.Variant(AnomalyClass.BruteForce, 2, AnomalyBand.Standard, (AnomalyVariants.Protocol, "ssh")));

        var steady = run.Steady.ToList();
        Assert.True(SignatureRun.Median(steady.Select(w => w[NetworkFeature.TlsHandshakes])) == 0);
        Assert.True(steady.Sum(w => w[NetworkFeature.TlsFailures]) == 0);
        Assert.True(steady.Average(w => w[NetworkFeature.FinIn]) > 10);
        Assert.True(steady.Sum(w => w[NetworkFeature.RstIn]) > 0);
        Assert.True(steady.Average(w => w[NetworkFeature.SessionsOpened]) > 15);
        Assert.True(steady.Average(w => w[NetworkFeature.SessionsOpened]) > 5 * run.Normal.Average(w => w[NetworkFeature.SessionsOpened]));
    }

    [Fact]
    public void AnHttpBruteForceCompletesItsSessionsNormally()
    {
        var run = SignatureRun.Of(AnomalyClass.BruteForce, parameters: SignatureRun.Variant(AnomalyClass.BruteForce, 5, AnomalyBand.Standard, (AnomalyVariants.Protocol, "http")));

        Assert.All(run.Steady, w =>
        {
            Assert.Equal(0, w[NetworkFeature.FailedConnections]);
            Assert.Equal(0, w[NetworkFeature.TlsFailures]);
            Assert.True(w[NetworkFeature.FinOut] >= 25);
            Assert.True(w[NetworkFeature.SessionsOpened] >= 25);
        });
    }

    [Fact]
    public void AnMqttBruteForceIsClosedByTheBrokerAfterEachConnect()
    {
        var run = SignatureRun.Of(AnomalyClass.BruteForce, parameters: SignatureRun.Variant(AnomalyClass.BruteForce, 2, AnomalyBand.Standard, (AnomalyVariants.Protocol, "mqtt")));

        var steady = run.Steady.ToList();
        Assert.True(steady.Average(w => w[NetworkFeature.FinIn]) > 0.8 * steady.Average(w => w[NetworkFeature.SessionsOpened]) - 2);
        Assert.True(steady.Average(w => w[NetworkFeature.SessionsOpened]) > 15);
        Assert.All(steady, w => Assert.Equal(0, w[NetworkFeature.TlsFailures]));
    }

    [Fact]
    public void ABruteForceOfOneTryAMinuteStillShowsEachTry()
    {
        var parameters = SignatureRun.Variant(AnomalyClass.BruteForce, 1 / 60.0, AnomalyBand.LowAndSlow, (AnomalyVariants.Protocol, "ssh"));
        var run = SignatureRun.Of(AnomalyClass.BruteForce, duration: 3_600, parameters: parameters);

        var tries = run.Anomalous.Where(w => w[NetworkFeature.FinIn] >= 1).Count();
        Assert.InRange(tries, 45, 75);
    }

    [Fact]
    public void AnAnsweredFloodIsResetByTheFlooderAndAnUnansweredOneLeavesSynsHanging()
    {
        var answered = SignatureRun.Of(AnomalyClass.ConnectionFlood, parameters: SignatureRun.Variant(AnomalyClass.ConnectionFlood, 300, AnomalyBand.Standard, (AnomalyVariants.Answered, "true")));
        var unanswered = SignatureRun.Of(AnomalyClass.ConnectionFlood, parameters: SignatureRun.Variant(AnomalyClass.ConnectionFlood, 300, AnomalyBand.Standard, (AnomalyVariants.Answered, "false")));

        Assert.All(answered.Steady, w =>
        {
            Assert.True(w[NetworkFeature.RstOut] > 1_000);
            Assert.True(w[NetworkFeature.SessionsOpened] > 2_000);
            Assert.True(w[NetworkFeature.UnansweredSynRatio] < 0.05);
        });
        Assert.All(unanswered.Steady, w =>
        {
            Assert.True(w[NetworkFeature.UnansweredSynRatio] > 0.95);
            Assert.True(w[NetworkFeature.SynOut] > 2 * w[NetworkFeature.SessionsOpened]);
            Assert.True(w[NetworkFeature.RstOut] < 10);
        });
    }

    [Fact]
    public void EveryAttemptOfAFastFloodIsOneSessionAndFailsOnce()
    {
        var run = SignatureRun.Of(AnomalyClass.ConnectionFlood, duration: 300, parameters: SignatureRun.Variant(AnomalyClass.ConnectionFlood, 2_000, AnomalyBand.Standard, (AnomalyVariants.Answered, "false")) with { Ramp = 0 });

        // An unanswered attempt sends its SYN three times; a port reused while an attempt is pending would split it.
        var attempts = run.Anomalous.Sum(w => w[NetworkFeature.SynOut]) / 3;
        var opened = run.Anomalous.Sum(w => w[NetworkFeature.SessionsOpened]);
        var failed = run.Samples.Where(s => s.Window.Start >= SignatureRun.Onset).Sum(s => s.Window[NetworkFeature.FailedConnections]);
        Assert.True(attempts > 100_000);
        Assert.InRange(opened, attempts * 0.995, attempts * 1.005);
        Assert.InRange(failed, attempts * 0.99, attempts * 1.01);
    }

    [Fact]
    public void ASlowFloodStillOpensFarMoreSessionsThanNormal()
    {
        var run = SignatureRun.Of(AnomalyClass.ConnectionFlood, parameters: SignatureRun.Variant(AnomalyClass.ConnectionFlood, 20, AnomalyBand.LowAndSlow, (AnomalyVariants.Answered, "false")));

        var normal = run.Normal.Max(w => w[NetworkFeature.SessionsOpened]);
        Assert.True(SignatureRun.Median(run.Steady.Select(w => w[NetworkFeature.SessionsOpened])) > 10 * Math.Max(1, normal));
    }

    [Fact]
    public void ASlowExfiltrationToCloudStorageStillTipsTheByteBalanceOut()
    {
        var parameters = SignatureRun.Variant(
            AnomalyClass.DataExfiltration, 20_000, AnomalyBand.LowAndSlow, (AnomalyVariants.Destination, "cloud_storage"), (AnomalyVariants.Pacing, "stream"));
        var run = SignatureRun.Of(AnomalyClass.DataExfiltration, parameters: parameters);

        var normal = run.Normal.Max(w => w[NetworkFeature.BytesOut]);
        Assert.All(run.Steady, w =>
        {
            Assert.True(w[NetworkFeature.BytesOut] > 5 * Math.Max(1, normal));
            Assert.True(w[NetworkFeature.BytesOutRatio] > 0.9);
        });
        Assert.Contains(run.Anomalous, w => w[NetworkFeature.NewDnsNames] >= 1);
    }

    [Fact]
    public void ChunkedExfiltrationUploadsInPeriodicBursts()
    {
        var parameters = SignatureRun.Variant(
            AnomalyClass.DataExfiltration, 100_000, AnomalyBand.Standard, (AnomalyVariants.Destination, "address"), (AnomalyVariants.Pacing, "chunked")) with { Period = 120 };
        var run = SignatureRun.Of(AnomalyClass.DataExfiltration, parameters: parameters);

        var steady = run.Steady.ToList();
        var bursts = steady.Where(w => w[NetworkFeature.BytesOut] > 1_000_000).ToList();
        // Every 120 s ± 10% an upload of 12 MB at 1–4 MB/s: a few windows busy, the rest quiet.
        Assert.InRange(bursts.Count, steady.Count / 12, steady.Count / 2);
        Assert.InRange(steady.Sum(w => w[NetworkFeature.TlsHandshakes]), steady.Count / 14.0, steady.Count / 10.0 + 2);
    }

    [Theory]
    [InlineData("dns")]
    [InlineData("http")]
    public void ABeaconChecksInAtItsPeriodOverItsProtocol(string protocol)
    {
        var parameters = SignatureRun.Variant(AnomalyClass.Beacon, 0, AnomalyBand.Standard, (AnomalyVariants.Protocol, protocol)) with { Period = 60, Jitter = 0.1 };
        var run = SignatureRun.Of(AnomalyClass.Beacon, duration: 7_200, parameters: parameters);

        var anomalous = run.Anomalous.ToList();
        var withCheckIn = protocol == "dns"
            ? anomalous.Count(w => w[NetworkFeature.DnsQueryRate] > 0)
            : anomalous.Count(w => w[NetworkFeature.SynOut] > 0);
        // 120-odd check-ins in two hours, each in one window.
        Assert.InRange(withCheckIn, 115, 140);
        // Neither carries TLS: what handshakes there are, are the sensor's own rare reconnects.
        Assert.True(anomalous.Sum(w => w[NetworkFeature.TlsHandshakes]) <= 2);
        if (protocol == "dns")
        {
            Assert.True(anomalous.Sum(w => w[NetworkFeature.NewDnsNames]) >= 115);
        }
        else
        {
            Assert.True(run.Anomalous.Count(w => w[NetworkFeature.PeriodicGapMean] is > 50 and < 62) > 100);
        }
    }

    [Fact]
    public void AnHourlyBeaconChecksInOnceAnHour()
    {
        var parameters = SignatureRun.Variant(AnomalyClass.Beacon, 0, AnomalyBand.LowAndSlow, (AnomalyVariants.Protocol, "https")) with { Period = 1_800, Jitter = 0 };
        var run = SignatureRun.Of(AnomalyClass.Beacon, duration: 7_200, parameters: parameters);

        // Two hours at one check-in every 30 min: four check-ins, each a TLS handshake to the same address.
        Assert.InRange(run.Anomalous.Sum(w => w[NetworkFeature.TlsHandshakes]) - run.Normal.Sum(w => w[NetworkFeature.TlsHandshakes]), 4, 5);
    }

    [Fact]
    public void ShortLabelTunnelsStillAskForUniqueHighEntropyNames()
    {
        var parameters = SignatureRun.Variant(AnomalyClass.DnsTunnelling, 0.5, AnomalyBand.LowAndSlow, (AnomalyVariants.Labels, "short"), (AnomalyVariants.Record, "a"));
        var run = SignatureRun.Of(AnomalyClass.DnsTunnelling, parameters: parameters);

        var normalLength = run.Normal.Where(w => w[NetworkFeature.DnsQueryRate] > 0).Max(w => w[NetworkFeature.DnsNameLengthMean]);
        var asking = run.Steady.Where(w => w[NetworkFeature.DnsQueryRate] > 0).ToList();
        Assert.True(asking.Count > run.Steady.Count() / 2);
        Assert.All(asking, w => Assert.True(w[NetworkFeature.NewDnsNames] >= 1));
        Assert.True(SignatureRun.Median(asking.Select(w => w[NetworkFeature.DnsNameLengthMean])) > normalLength);
    }

    [Fact]
    public void LowAndSlowVariantsOfTheOtherClassesStillShow()
    {
        var spike = SignatureRun.Of(AnomalyClass.TrafficSpike, parameters: AnomalyCatalog.Describe(AnomalyClass.TrafficSpike).Defaults with { Rate = 150, Band = AnomalyBand.LowAndSlow });
        Assert.All(spike.Steady, w => Assert.True(w[NetworkFeature.PacketRatePeak] > 5 * Math.Max(1, spike.Normal.Max(n => n[NetworkFeature.PacketRatePeak]))));

        var mix = SignatureRun.Of(AnomalyClass.ProtocolMix, parameters: AnomalyCatalog.Describe(AnomalyClass.ProtocolMix).Defaults with { Rate = 1, Band = AnomalyBand.LowAndSlow });
        Assert.True(mix.Steady.Count(w => w[NetworkFeature.IcmpRatio] + w[NetworkFeature.OtherRatio] > 0) > 0.9 * mix.Steady.Count());

        var tunnel = SignatureRun.Of(AnomalyClass.PayloadTunnelling, parameters: AnomalyCatalog.Describe(AnomalyClass.PayloadTunnelling).Defaults with { Rate = 4, Band = AnomalyBand.LowAndSlow });
        var normal = tunnel.Normal.Where(w => w[NetworkFeature.PacketsOut] > 0).Max(w => w[NetworkFeature.PayloadSizeEntropy]);
        Assert.True(SignatureRun.Median(tunnel.Steady.Select(w => w[NetworkFeature.PayloadSizeEntropy])) > normal);

        var timing = SignatureRun.Of(AnomalyClass.TimingAnomaly, parameters: AnomalyCatalog.Describe(AnomalyClass.TimingAnomaly).Defaults with { Rate = 3, Period = 300, Band = AnomalyBand.LowAndSlow });
        var trains = timing.Steady.Where(w => w[NetworkFeature.TlsHandshakes] >= 3).ToList();
        Assert.InRange(trains.Count, 2, 20);
        Assert.All(trains, w => Assert.True(w[NetworkFeature.PacketRatePeak] >= 3 * w[NetworkFeature.PacketRateMean]));
    }
}
