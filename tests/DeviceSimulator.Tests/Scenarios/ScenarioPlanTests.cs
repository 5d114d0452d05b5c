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
    public void SplitIsByDeviceAndStratifiedByType()
    {
        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);
        scenario.Devices = 500;

        var plan = ScenarioPlan.Create(scenario, testShare: 0.2);

        foreach (var type in DeviceTypes.All)
        {
            var devices = plan.Devices.Where(d => d.Type == type).ToList();
            var test = devices.Count(d => d.Split == DatasetSplit.Test);
            Assert.Equal((int)Math.Round(devices.Count * 0.2, MidpointRounding.AwayFromZero), test);
        }

        Assert.All(plan.Devices, d => Assert.Contains(d.Split, new[] { DatasetSplit.Train, DatasetSplit.Test }));
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
