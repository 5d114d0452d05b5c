using DigitalTwin.DeviceSimulator.Scenarios;

namespace DigitalTwin.DeviceSimulator.Tests.Scenarios;

public sealed class ScenarioFileTests
{
    private const string Valid = """
        {
          "scenario_id": "small",
          "seed": 5,
          "days": 1,
          "devices": 10,
          "fleet": { "camera": 0.5, "gateway": 0.5 },
          "anomalies": [ { "class": "beacon", "device_share": 0.2, "parameters": { "period_s": 30, "jitter": 0.5 } } ]
        }
        """;

    [Fact]
    public void TheDefaultScenarioLoads()
    {
        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);

        Assert.Equal("default", scenario.ScenarioId);
        Assert.Equal(1_000, scenario.Devices);
        Assert.Equal(10, scenario.Anomalies!.Select(a => a.Class).Distinct().Count());
    }

    [Fact]
    public void AValidScenarioKeepsItsOverridesAndDefaults()
    {
        var scenario = ScenarioFile.Parse(Valid, "small.json");
        var parameters = ScenarioFile.ParametersOf(scenario.Anomalies![0]);

        Assert.Equal(30, parameters.Period);
        Assert.Equal(0.5, parameters.Jitter);
        Assert.Equal(7_200, parameters.Duration);
    }

    [Theory]
    [InlineData("\"seed\": 5,", "\"seed\": 5, \"colour\": 1,", "colour")]
    [InlineData("\"days\": 1", "\"days\": \"one\"", "$.days")]
    [InlineData("\"camera\": 0.5", "\"camera\": 0.4", "$.fleet: shares add up to 0.9")]
    [InlineData("\"camera\": 0.5", "\"toaster\": 0.5", "$.fleet.toaster: unknown device type")]
    [InlineData("\"class\": \"beacon\"", "\"class\": \"ufo\"", "$.anomalies[0].class: 'ufo' is not an anomaly class")]
    [InlineData("\"jitter\": 0.5", "\"jitter\": 1.5", "$.anomalies[0].parameters.jitter: 1.5 must be between 0 and 1")]
    [InlineData("\"period_s\": 30", "\"period_s\": 0", "$.anomalies[0].parameters.period_s")]
    [InlineData("\"device_share\": 0.2", "\"device_share\": 2", "$.anomalies[0].device_share")]
    [InlineData("\"scenario_id\": \"small\"", "\"scenario_id\": \"Small Scenario\"", "$.scenario_id")]
    [InlineData("\"devices\": 10", "\"devices\": 0", "$.devices")]
    [InlineData("{ \"period_s\": 30", "{ \"timing\": \"T9\", \"period_s\": 30", "$.anomalies[0].parameters.timing")]
    public void ABadFieldIsNamedInTheError(string from, string to, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Parse(Valid.Replace(from, to, StringComparison.Ordinal), "small.json"));

        Assert.StartsWith("small.json: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void BrokenJsonNamesTheFile()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Parse("{ \"seed\": ", "broken.json"));

        Assert.StartsWith("broken.json: ", error.Message);
    }

    [Fact]
    public void AMissingFileIsAScenarioError()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Load("/nonexistent/scenario.json"));

        Assert.Contains("/nonexistent/scenario.json", error.Message);
    }
}
