using DigitalTwin.DeviceSimulator.Scenarios;
using DigitalTwin.DeviceSimulator.Traffic;

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
    public void TheEvaluationScenarioLoadsAndDiffersFromTheDefault()
    {
        var evaluation = ScenarioFile.Load(Path.Combine(Path.GetDirectoryName(ScenarioFile.DefaultPath)!, "evaluation.json"));
        var standard = ScenarioFile.Load(ScenarioFile.DefaultPath);

        Assert.Equal("evaluation", evaluation.ScenarioId);
        Assert.NotEqual(standard.Seed, evaluation.Seed);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), evaluation.Start);
        Assert.Equal(10, evaluation.Anomalies!.Select(a => a.Class).Distinct().Count());

        // Shifted ranges: its beacons sleep longer and its DNS tunnels ask less than anything the default draws.
        var beacon = evaluation.Anomalies!.First(a => a.Class == "beacon").Parameters!.Period!.Value;
        Assert.True(beacon.Min >= AnomalyCatalog.Describe(AnomalyClass.Beacon).LowAndSlow.Period.Min);
        Assert.True(beacon.Max > AnomalyCatalog.Describe(AnomalyClass.Beacon).LowAndSlow.Period.Max);
        var tunnel = evaluation.Anomalies!.First(a => a.Class == "dns_tunnelling").Parameters!.Rate!.Value;
        Assert.True(tunnel.Min < AnomalyCatalog.Describe(AnomalyClass.DnsTunnelling).LowAndSlow.Rate.Min);
    }

    [Fact]
    public void AValidScenarioKeepsItsFixedValuesAndDrawsTheRestFromItsBand()
    {
        var scenario = ScenarioFile.Parse(Valid, "small.json");
        var parameters = EpisodeDraw.Draw(scenario.Anomalies![0], new Xoshiro256(1));
        var standard = AnomalyCatalog.Describe(AnomalyClass.Beacon).Standard;

        Assert.Equal(30, parameters.Period);
        Assert.Equal(0.5, parameters.Jitter);
        Assert.Equal(AnomalyBand.Standard, parameters.Band);
        Assert.InRange(parameters.Duration, standard.Duration.Min, standard.Duration.Max);
        Assert.Contains(parameters.Variant(AnomalyVariants.Protocol), standard.Variants.Single().Value);
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
    [InlineData("\"period_s\": 30", "\"period_s\": { \"min\": 600, \"max\": 60 }", "$.anomalies[0].parameters.period_s: min 600 is more than max 60")]
    [InlineData("\"period_s\": 30", "\"period_s\": { \"min\": -5, \"max\": 60 }", "$.anomalies[0].parameters.period_s.min: -5 must be from 1 to 86400")]
    [InlineData("\"period_s\": 30", "\"period_s\": { \"min\": 30, \"max\": 1e9 }", "$.anomalies[0].parameters.period_s.max: 1000000000 must be from 1 to 86400")]
    [InlineData("\"period_s\": 30", "\"period_s\": \"NaN\"", "$.anomalies[0].parameters.period_s")]
    [InlineData("\"period_s\": 30", "\"period_s\": \"Infinity\"", "must be a number or a range")]
    [InlineData("\"period_s\": 30", "\"period_s\": 1e400", "is not a finite number")]
    [InlineData("\"period_s\": 30", "\"period_s\": { \"min\": 30, \"max\": 1e400 }", "is not a finite number")]
    [InlineData("\"period_s\": 30", "\"period_s\": { \"min\": 30 }", "a range needs both min and max")]
    [InlineData("\"period_s\": 30", "\"period_s\": { \"min\": 30, \"max\": 60, \"step\": 5 }", "unknown key 'step' in a range")]
    [InlineData("\"period_s\": 30", "\"period_s\": { \"min\": 30, \"max\": 60, \"scale\": \"cubic\" }", "scale: 'cubic' must be \"linear\" or \"log\"")]
    [InlineData("\"period_s\": 30", "\"period_s\": { \"min\": \"30\", \"max\": 60 }", "min: '30' must be a number")]
    [InlineData("\"jitter\": 0.5", "\"jitter\": { \"min\": 0, \"max\": 0.5, \"scale\": \"log\" }", "$.anomalies[0].parameters.jitter.scale: a log scale needs min above 0")]
    [InlineData("\"period_s\": 30", "\"period_s\": [30, 60]", "must be a number or a range")]
    [InlineData("\"device_share\": 0.2", "\"device_share\": 0.2, \"band\": \"sneaky\"", "$.anomalies[0].band: 'sneaky' is not a band")]
    [InlineData("\"device_share\": 0.2", "\"device_share\": 0.2, \"band\": 3", "$.anomalies[0].band")]
    [InlineData("{ \"period_s\": 30", "{ \"protocol\": \"ftp\", \"period_s\": 30", "$.anomalies[0].parameters.protocol: 'ftp' is not a beacon protocol; it takes https, http, dns")]
    [InlineData("{ \"period_s\": 30", "{ \"protocol\": [], \"period_s\": 30", "an empty list leaves nothing to draw from")]
    [InlineData("{ \"period_s\": 30", "{ \"protocol\": [\"dns\", 5], \"period_s\": 30", "must be a string, a boolean or a list of them")]
    [InlineData("{ \"period_s\": 30", "{ \"answered\": true, \"period_s\": 30", "$.anomalies[0].parameters.answered: beacon takes no answered; only connection_flood do")]
    [InlineData("{ \"period_s\": 30", "{ \"colour\": \"red\", \"period_s\": 30", "colour")]
    public void ABadFieldIsNamedInTheError(string from, string to, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Parse(Valid.Replace(from, to, StringComparison.Ordinal), "small.json"));

        Assert.StartsWith("small.json: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("""{ "class": "brute_force", "device_share": 1, "parameters": { "rate": 1e6 } }""", "$.anomalies[0].parameters.rate: 1000000 must be from 0 to 1000")]
    [InlineData("""{ "class": "port_scan", "device_share": 1, "parameters": { "rate": 5, "timing": "T2" } }""", "give rate or timing, not both")]
    [InlineData("""{ "class": "data_exfiltration", "device_share": 1, "parameters": { "rate": { "min": 0, "max": 5000, "scale": "log" } } }""", "a log scale needs min above 0")]
    [InlineData("""{ "class": "connection_flood", "device_share": 1, "parameters": { "answered": "maybe" } }""", "'maybe' is not a connection_flood answered; it takes false, true")]
    [InlineData("""{ "class": "beacon", "device_share": 1, "parameters": { "duration_s": { "min": 1, "max": 600 } } }""", "$.anomalies[0].parameters.duration_s.min: 1 must be at least one window")]
    [InlineData("""{ "class": "beacon", "device_share": 1, "parameters": { "intensity": 0 } }""", "$.anomalies[0].parameters.intensity: 0 must be more than 0 and at most 100")]
    public void AHostileRuleIsRefusedWithItsPath(string rule, string expected)
    {
        var json = Valid.Replace(
            """{ "class": "beacon", "device_share": 0.2, "parameters": { "period_s": 30, "jitter": 0.5 } }""", rule, StringComparison.Ordinal);

        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Parse(json, "small.json"));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void RangesBandsAndVariantsParse()
    {
        var json = Valid.Replace(
            """{ "class": "beacon", "device_share": 0.2, "parameters": { "period_s": 30, "jitter": 0.5 } }""",
            """{ "class": "brute_force", "band": "mixed", "device_share": 0.2, "parameters": { "rate": { "min": 0.1, "max": 5, "scale": "log" }, "jitter": { "min": 0, "max": 0.5 }, "protocol": ["ssh", "MQTT"] } }""",
            StringComparison.Ordinal);

        var rule = ScenarioFile.Parse(json, "small.json").Anomalies![0];

        Assert.Equal("mixed", rule.Band);
        Assert.Equal(new ParameterRange(0.1, 5, Log: true), rule.Parameters!.Rate);
        Assert.Equal(new ParameterRange(0, 0.5), rule.Parameters.Jitter);
        Assert.Equal(["ssh", "MQTT"], rule.Parameters.Protocol!.Values);
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
