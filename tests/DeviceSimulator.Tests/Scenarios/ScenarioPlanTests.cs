using DigitalTwin.DeviceSimulator.Scenarios;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Scenarios;

public sealed class ScenarioPlanTests
{
    [Fact]
    public void FleetFollowsTheSharesWithValidIdsAndAFixedOrder()
    {
        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);
        scenario.Devices = 333;

        var first = ScenarioPlan.Create(scenario);
        var second = ScenarioPlan.Create(scenario);

        Assert.Equal(333, first.Devices.Count);
        Assert.Equal(first.Devices, second.Devices);
        Assert.Equal("temperature-sensor-0001", first.Devices[0].Id);
        Assert.All(first.Devices, d => Assert.Matches("^[a-z0-9][a-z0-9.-]{0,63}$", d.Id));
        Assert.Equal(first.Devices.Count, first.Devices.Select(d => d.Seed).Distinct().Count());
        Assert.Equal(100, first.Devices.Count(d => d.Type == DeviceTypes.TemperatureSensor));
    }

    [Fact]
    public void EveryAnomalyClassOfASmallFleetHasTestAndTrainDevices()
    {
        var plan = SmallDefault();
        var carriers = plan.Devices
            .SelectMany(d => plan.EpisodesOf(d).Select(e => (e.Class, Device: d)))
            .GroupBy(c => c.Class, c => c.Device)
            .ToDictionary(g => g.Key, g => g.Distinct().ToList());

        Assert.Equal(AnomalyCatalog.All.Count, carriers.Count);
        foreach (var (anomaly, devices) in carriers)
        {
            Assert.True(devices.Any(d => d.Split == DatasetSplit.Test), $"{anomaly} has no test device");
            Assert.True(devices.Count < 2 || devices.Any(d => d.Split == DatasetSplit.Train), $"{anomaly} has no train device");
        }

        Assert.All(plan.Devices, d => Assert.Contains(d.Split, new[] { DatasetSplit.Train, DatasetSplit.Test }));
    }

    [Fact]
    public void DevicesWithoutEpisodesAreSplitByTypeAtTheTestShare()
    {
        var plan = SmallDefault();

        foreach (var type in DeviceTypes.All)
        {
            var quiet = plan.Devices.Where(d => d.Type == type && plan.EpisodesOf(d).Count == 0).ToList();
            Assert.Equal((int)Math.Round(quiet.Count * 0.2, MidpointRounding.AwayFromZero), quiet.Count(d => d.Split == DatasetSplit.Test));
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameSplitAndAnotherSeedAnother()
    {
        var first = SmallDefault();
        var second = SmallDefault();
        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);
        scenario.Devices = 200;
        scenario.Days = 1;
        scenario.Seed = 7;
        var other = ScenarioPlan.Create(scenario);

        Assert.Equal(first.Devices.Select(d => d.Split), second.Devices.Select(d => d.Split));
        Assert.NotEqual(first.Devices.Select(d => d.Split), other.Devices.Select(d => d.Split));
    }

    [Fact]
    public void TheTimeSplitCutsTheRunOnTheWindowGridAtOneMinusTheTestShare()
    {
        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);
        scenario.Devices = 20;
        scenario.Days = 1;

        var plan = ScenarioPlan.Create(scenario, testShare: 0.25);

        Assert.Equal(plan.Start.AddHours(18), plan.TimeSplitCut);
        Assert.Equal(DatasetSplit.Train, plan.TimeSplitOf(plan.Start));
        Assert.Equal(DatasetSplit.Train, plan.TimeSplitOf(plan.TimeSplitCut.AddSeconds(-plan.WindowSeconds)));
        Assert.Equal(DatasetSplit.Test, plan.TimeSplitOf(plan.TimeSplitCut));
        Assert.Equal(DatasetSplit.Test, plan.TimeSplitOf(plan.WindowStart(plan.WindowCount - 1)));
        Assert.Equal(plan.Start, ScenarioPlan.Create(scenario, testShare: 1).TimeSplitCut);
        Assert.Equal(plan.End, ScenarioPlan.Create(scenario, testShare: 0).TimeSplitCut);
    }

    [Fact]
    public void ATestShareOfZeroPutsEveryDeviceInTrain()
    {
        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);
        scenario.Devices = 200;
        scenario.Days = 1;

        var plan = ScenarioPlan.Create(scenario, testShare: 0);

        Assert.All(plan.Devices, d => Assert.Equal(DatasetSplit.Train, d.Split));
    }

    // The default scenario shrunk to 200 devices x 1 day: its rarest classes land on a handful of devices.
    private static ScenarioPlan SmallDefault()
    {
        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);
        scenario.Devices = 200;
        scenario.Days = 1;
        return ScenarioPlan.Create(scenario, testShare: 0.2);
    }

    [Fact]
    public void EpisodesFallInsideTheRunOnTheWindowGridWithoutOverlapping()
    {
        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);
        scenario.Devices = 400;
        scenario.Days = 2;

        var plan = ScenarioPlan.Create(scenario);
        var episodes = plan.Devices.SelectMany(d => plan.EpisodesOf(d).Select(e => (Device: d, Episode: e))).ToList();

        Assert.NotEmpty(episodes);
        Assert.Equal(10, episodes.Select(e => e.Episode.Class).Distinct().Count());
        foreach (var (device, episode) in episodes)
        {
            Assert.True(episode.Onset >= plan.Start && episode.Offset <= plan.End);
            Assert.Equal(0, (episode.Onset - plan.Start).TotalSeconds % plan.WindowSeconds);
            Assert.DoesNotContain(plan.EpisodesOf(device), other => other != episode && other.Onset < episode.Offset && episode.Onset < other.Offset);
        }
    }

    [Fact]
    public void TheLiveFleetCanMoveTheRunToNow()
    {
        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);
        scenario.Devices = 50;
        var now = new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);

        var plan = ScenarioPlan.Create(scenario, start: now);
        var behaviour = plan.CreateBehaviour(plan.Devices[0]);

        Assert.Equal(now, plan.Start);
        Assert.Equal(now, behaviour.Next(now).Window.Start);
        Assert.All(plan.Devices.SelectMany(plan.EpisodesOf), e => Assert.True(e.Onset >= now));
    }
}
