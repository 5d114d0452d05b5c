using DigitalTwin.Behaviour.Features;
using System.Text;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Traffic;

public sealed class GroundTruthTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PhasesFollowTheEpisodeWindowByWindow()
    {
        var onset = Start.AddMinutes(10);
        var parameters = AnomalyCatalog.Describe(AnomalyClass.BruteForce).Defaults with { Duration = 600, Ramp = 60 };
        var behaviour = new DeviceBehaviour("device-0001", DeviceTypes.Gateway, 3, [new AnomalyEpisode(AnomalyClass.BruteForce, parameters, onset)], 10);

        var truths = new List<(DateTimeOffset Start, GroundTruth Truth)>();
        for (var t = Start; t < Start.AddMinutes(30); t = t.AddSeconds(10))
        {
            truths.Add((t, behaviour.Next(t).Truth));
        }

        foreach (var (start, truth) in truths)
        {
            var seconds = (start - onset).TotalSeconds;
            var expected = seconds switch
            {
                < 0 or >= 600 => GroundTruthPhase.None,
                < 60 => GroundTruthPhase.Onset,
                >= 540 => GroundTruthPhase.Offset,
                _ => GroundTruthPhase.Steady,
            };
            Assert.Equal(expected, truth.Phase);
            if (expected == GroundTruthPhase.None)
            {
                Assert.Same(GroundTruth.Normal, truth);
            }
            else
            {
                Assert.Equal(GroundTruthLabel.Anomalous, truth.Label);
                Assert.Equal("brute_force", truth.Class);
                Assert.Equal(onset, truth.Onset);
                Assert.Equal(onset.AddSeconds(600), truth.Offset);
                Assert.Equal("""{"rate":2,"duration_s":600,"period_s":0,"jitter":0,"intensity":1,"ramp_s":60,"band":"standard","protocol":"tls"}""", truth.Parameters);
            }
        }

        Assert.Equal(6, truths.Count(t => t.Truth.Phase == GroundTruthPhase.Onset));
        Assert.Equal(48, truths.Count(t => t.Truth.Phase == GroundTruthPhase.Steady));
        Assert.Equal(6, truths.Count(t => t.Truth.Phase == GroundTruthPhase.Offset));
    }

    [Fact]
    public void AWindowHoldingAnEndedEpisodesLastPacketsIsLabelledWithIt()
    {
        // A flood's unanswered SYNs are sent again 1 s and 3 s later, so those of its last seconds land in the window
        // after the episode: that window holds the episode's traffic and must say so.
        var onset = Start.AddMinutes(10);
        var parameters = AnomalyCatalog.Describe(AnomalyClass.ConnectionFlood).Defaults with { Duration = 300, Ramp = 0 };
        var behaviour = new DeviceBehaviour("device-0001", DeviceTypes.TemperatureSensor, 3, [new AnomalyEpisode(AnomalyClass.ConnectionFlood, parameters, onset)], 10);

        var samples = new Dictionary<DateTimeOffset, WindowSample>();
        for (var t = Start; t < Start.AddMinutes(20); t = t.AddSeconds(10))
        {
            samples[t] = behaviour.Next(t);
        }

        var after = samples[onset.AddSeconds(300)];
        Assert.True(after.Window[NetworkFeature.SynOut] > 0, "the flood's SYNs sent again fall in the next window");
        Assert.Equal(GroundTruthLabel.Anomalous, after.Truth.Label);
        Assert.Equal("connection_flood", after.Truth.Class);
        Assert.Equal(GroundTruthPhase.Offset, after.Truth.Phase);

        var later = samples[onset.AddSeconds(320)];
        Assert.Same(GroundTruth.Normal, later.Truth);
    }

    [Fact]
    public void PublishedPayloadCarriesNoGroundTruth()
    {
        var parameters = AnomalyCatalog.Describe(AnomalyClass.Beacon).Defaults;
        var behaviour = new DeviceBehaviour("device-0001", DeviceTypes.Camera, 3, [new AnomalyEpisode(AnomalyClass.Beacon, parameters, Start)], 10);

        for (var t = Start; t < Start.AddMinutes(20); t = t.AddSeconds(10))
        {
            var sample = behaviour.Next(t);
            Assert.Equal(GroundTruthLabel.Anomalous, sample.Truth.Label);
            var json = Encoding.UTF8.GetString(NetworkPayload.ToUtf8Bytes(sample.Window));
            foreach (var leak in new[] { "label", "class", "phase", "scenario", "seed", "beacon", "anomal", "onset", "generator" })
            {
                Assert.DoesNotContain(leak, json, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void NormalTrafficIsTheSameWithOrWithoutAnEpisode()
    {
        var parameters = AnomalyCatalog.Describe(AnomalyClass.PortScan).Defaults;
        var quiet = new DeviceBehaviour("device-0001", DeviceTypes.Gateway, 11, [], 10);
        var scanned = new DeviceBehaviour("device-0001", DeviceTypes.Gateway, 11, [new AnomalyEpisode(AnomalyClass.PortScan, parameters, Start.AddMinutes(5))], 10);

        for (var t = Start; t < Start.AddMinutes(30); t = t.AddSeconds(10))
        {
            var a = quiet.Next(t);
            var b = scanned.Next(t);
            if (b.Truth.Label == GroundTruthLabel.Normal && t >= Start.AddMinutes(20))
            {
                // After the scan, what describes the window alone is as if it never happened; the features that
                // remember the past (history, damped rates) still show it, by design.
                foreach (var feature in FeatureCatalog.All.Where(f => !f.RemembersPast))
                {
                    Assert.Equal(a.Window[feature.Feature], b.Window[feature.Feature]);
                }
            }
        }
    }
}
