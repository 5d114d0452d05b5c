using DigitalTwin.DeviceSimulator.Fleet;
using DigitalTwin.DeviceSimulator.Scenarios;

namespace DigitalTwin.DeviceSimulator.Tests.Fleet;

public sealed class FleetLayoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 16, 0, 7, TimeSpan.Zero);

    [Fact]
    public void WithoutAScenarioTheFleetComesFromTheCommandLineWithNormalTrafficOnly()
    {
        var layout = FleetLayout.From(FleetOptions.Parse(["--devices", "12", "--window", "2", "--seed", "5"]), Now);

        Assert.Equal(12, layout.Devices.Count);
        Assert.Equal((2.0, 5UL), (layout.WindowSeconds, layout.Seed));
        Assert.Equal(FleetLayout.LiveScenarioId, layout.Provenance.ScenarioId);
        Assert.All(layout.Devices, d => Assert.Empty(d.Network.Episodes));
    }

    [Fact]
    public void AScenarioGivesItsFleetScheduleAndProvenanceWithTheCommandLineOverrides()
    {
        var options = FleetOptions.Parse([
            "--scenario", ScenarioFile.DefaultPath, "--devices", "200", "--types", "camera:1,gateway:3", "--window", "5", "--seed", "7", "--id-prefix", "lab-"]);

        var layout = FleetLayout.From(options, Now);

        Assert.Equal(200, layout.Devices.Count);
        Assert.Equal(50, layout.Devices.Count(d => d.Type == "camera"));
        Assert.Equal(150, layout.Devices.Count(d => d.Type == "gateway"));
        Assert.All(layout.Devices, d => Assert.StartsWith("lab-", d.Id));
        Assert.Equal((5.0, 7UL), (layout.WindowSeconds, layout.Seed));
        Assert.Equal(("default", 7L), (layout.Provenance.ScenarioId, layout.Provenance.Seed));
        Assert.All(layout.Devices, d => Assert.Contains(d.Split, new[] { DatasetSplit.Train, DatasetSplit.Test }));
        var episodes = layout.Devices.SelectMany(d => d.Network.Episodes).ToList();
        Assert.NotEmpty(episodes);
        // The schedule runs from the current window on, so its episodes happen during a live run.
        Assert.All(episodes, e => Assert.True(e.Onset >= new DateTimeOffset(2026, 11, 28, 16, 0, 5, TimeSpan.Zero), e.Onset.ToString("O")));
    }

    [Fact]
    public void AShortRunSqueezesTheScenariosScheduleIntoTheRun()
    {
        var options = FleetOptions.Parse(["--scenario", ScenarioFile.DefaultPath, "--devices", "400", "--window", "2", "--duration", "600"]);

        var layout = FleetLayout.From(options, Now);

        var episodes = layout.Devices.SelectMany(d => d.Network.Episodes).ToList();
        Assert.NotEmpty(episodes);
        var start = new DateTimeOffset(2026, 11, 28, 16, 0, 6, TimeSpan.Zero);
        Assert.All(episodes, e => Assert.InRange(e.Onset, start, start.AddSeconds(600)));
        Assert.All(episodes, e => Assert.True(e.Offset <= start.AddSeconds(600), e.Offset.ToString("O")));
    }

    [Fact]
    public void AnOverrideTheScenarioCannotTakeIsRefusedNamingTheField()
    {
        var options = FleetOptions.Parse(["--scenario", ScenarioFile.DefaultPath, "--window", "0.5"]);

        var error = Assert.Throws<ScenarioException>(() => FleetLayout.From(options, Now));

        Assert.Contains("$.window_seconds", error.Message);
    }

    [Fact]
    public void AMissingScenarioFileIsRefused()
    {
        var options = FleetOptions.Parse(["--scenario", "/nonexistent/scenario.json"]);

        Assert.Throws<ScenarioException>(() => FleetLayout.From(options, Now));
    }
}
