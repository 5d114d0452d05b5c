using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Baselines;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Detection;

using static DigitalTwin.Grains.Tests.Detection.SensorWindows;

namespace DigitalTwin.Grains.Tests.Detection;

public sealed class PeerBaselinesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DetectionOptions Options = new();

    [Fact]
    public void ALargeGroupsWindowsMillisecondsApartStillAgeWhatItLearnt()
    {
        // Thousands of hosts' 10-second windows end 10 ms apart: each one moves the group's time on by 10 ms.
        var peers = new PeerBaselines(Microsoft.Extensions.Options.Options.Create(Options));
        var random = new Random(1);
        var ports = (int)NetworkFeature.DistinctDestinationPorts;
        var scan = Quiet(random);
        scan[ports] = 40;
        peers.Learn("sensor", scan, 3, Start, 10);
        var bin = ports * BaselineBins.Count + BaselineBins.OfScaled(BaselineBins.Scale(ports, 40));
        for (var host = 1; host <= 2_000; host++)
        {
            peers.Learn("sensor", Quiet(random), 3, Start.AddSeconds(0.01 * host), 10);
        }

        Assert.Equal(Math.Pow(0.5, 20 / Options.HalfLife.TotalSeconds), peers.View("sensor")!.Weights[bin], 1e-9);
    }

    [Fact]
    public void WindowsOfAnOlderSchemaVersionLeaveTheTypesPeerBaselineAlone()
    {
        // A fleet part-way through an upgrade: the devices not yet upgraded must not wipe what the others taught.
        var peers = new PeerBaselines(Microsoft.Extensions.Options.Options.Create(Options));
        var scorer = new WindowScorer(new ScoringOptions());
        var random = new Random(2);
        for (var w = 0; w < 200; w++)
        {
            peers.Learn("sensor", Quiet(random), 3, Start.AddSeconds(10 * w), 10);
            peers.Learn("sensor", Quiet(random), 2, Start.AddSeconds(10 * w), 10);
        }

        Assert.Equal((3, 200L), (peers.View("sensor")!.SchemaVersion, peers.View("sensor")!.Windows));
        Assert.NotNull(peers.Score("sensor", scorer, Quiet(random), 3, Start.AddSeconds(2_000)));

        // A newer version takes the group over: the fleet is moving to it.
        peers.Learn("sensor", Quiet(random), 4, Start.AddSeconds(2_000), 10);
        Assert.Equal((4, 1L), (peers.View("sensor")!.SchemaVersion, peers.View("sensor")!.Windows));
    }
}
