using System.Globalization;
using DigitalTwin.DeviceSimulator.Scenarios;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Scenarios;

public sealed class EpisodeDrawTests
{
    private static AnomalyRule Rule(string json) =>
        ScenarioFile.Parse($$"""{ "scenario_id": "draws", "fleet": { "gateway": 1 }, "anomalies": [ {{json}} ] }""", "draws.json").Anomalies![0];

    [Fact]
    public void EachEpisodeDrawsItsOwnValuesWithinTheRulesRangesDeterministically()
    {
        var rule = Rule("""{ "class": "dns_tunnelling", "device_share": 1, "parameters": { "rate": { "min": 0.1, "max": 5, "scale": "log" }, "duration_s": { "min": 600, "max": 1200 }, "record": ["a", "txt"] } }""");

        var random = new Xoshiro256(42);
        var again = new Xoshiro256(42);
        var draws = Enumerable.Range(0, 400).Select(_ => EpisodeDraw.Draw(rule, random)).ToList();
        var repeated = Enumerable.Range(0, 400).Select(_ => EpisodeDraw.Draw(rule, again)).ToList();

        Assert.Equal(draws.Select(d => d.ToJson()), repeated.Select(d => d.ToJson()));
        Assert.All(draws, d =>
        {
            Assert.InRange(d.Rate, 0.1, 5);
            Assert.InRange(d.Duration, 600, 1200);
            Assert.Contains(d.Variant(AnomalyVariants.Record), new[] { "a", "txt" });
            Assert.Contains(d.Variant(AnomalyVariants.Labels), new[] { "long", "short" });
        });

        // Log-uniform: as many episodes below 0.7 q/s (the geometric middle) as above, and values spread out.
        Assert.InRange(draws.Count(d => d.Rate < Math.Sqrt(0.5)), 140, 260);
        Assert.True(draws.Select(d => d.Rate).Distinct().Count() > 390);
    }

    [Fact]
    public void AMixedRuleDrawsBothBandsAndWritesThemToTheGroundTruth()
    {
        var rule = Rule("""{ "class": "port_scan", "band": "mixed", "device_share": 1 }""");
        var random = new Xoshiro256(3);

        var draws = Enumerable.Range(0, 200).Select(_ => EpisodeDraw.Draw(rule, random)).ToList();

        var slow = draws.Where(d => d.Band == AnomalyBand.LowAndSlow).ToList();
        Assert.InRange(slow.Count, 70, 130);
        Assert.All(slow, d => Assert.Contains(d.Variant(AnomalyVariants.Timing), new[] { "T0", "T1", "T2" }));
        Assert.All(draws.Except(slow), d => Assert.Contains(d.Variant(AnomalyVariants.Timing), new[] { "T3", "T4", "T5" }));
        Assert.All(draws, d => Assert.Equal(AnomalyCatalog.ScanTimings[d.Variant(AnomalyVariants.Timing)!], d.Rate));
        Assert.Contains(draws, d => d.ToJson().Contains("\"band\":\"low_and_slow\",\"timing\":\"T0\",\"targets\":", StringComparison.Ordinal));
        Assert.Contains(draws, d => d.ToJson().Contains("\"band\":\"standard\",\"timing\":\"T5\"", StringComparison.Ordinal));
    }

    [Fact]
    public void FixedNumbersKeepTheirValuesAndBooleansAreWrittenAsBooleans()
    {
        var rule = Rule("""{ "class": "connection_flood", "device_share": 1, "parameters": { "rate": 150, "answered": true, "ramp_s": 20 } }""");

        var parameters = EpisodeDraw.Draw(rule, new Xoshiro256(9));

        Assert.Equal(150, parameters.Rate);
        Assert.EndsWith("\"ramp_s\":20,\"band\":\"standard\",\"answered\":true}", parameters.ToJson());
        Assert.InRange(parameters.Duration, 0.75 * 120, 1.25 * 600);
    }

    [Fact]
    public void APortScanGivenARateIsACustomTiming()
    {
        var parameters = EpisodeDraw.Draw(Rule("""{ "class": "port_scan", "device_share": 1, "parameters": { "rate": 7 } }"""), new Xoshiro256(1));

        Assert.Equal(7, parameters.Rate);
        Assert.Equal(AnomalyCatalog.CustomTiming, parameters.Variant(AnomalyVariants.Timing));
    }

    [Fact]
    public void EveryBandOfEveryClassIsAValidRule()
    {
        // Written out as rules, the catalog's own ranges pass the checks a scenario file gets: they stay in bounds and
        // every band lists every variant of its class with known values.
        foreach (var descriptor in AnomalyCatalog.All)
        {
            foreach (var profile in new[] { descriptor.Standard, descriptor.LowAndSlow })
            {
                Assert.Equal(descriptor.Variants.Select(v => v.Key), profile.Variants.Select(v => v.Key));
                var variants = string.Concat(profile.Variants.Select(v => $", \"{v.Key}\": [{string.Join(", ", v.Value.Select(x => $"\"{x}\""))}]"));
                var rate = descriptor.Class == AnomalyClass.PortScan ? "" : $"\"rate\": {Range(profile.Rate)}, ";
                var rule = Rule($$"""{ "class": "{{descriptor.Name}}", "device_share": 1, "parameters": { {{rate}}"duration_s": {{Range(profile.Duration)}}, "period_s": {{Range(profile.Period)}}, "jitter": {{Range(profile.Jitter)}}{{variants}} } }""");
                Assert.NotNull(rule);
            }
        }
    }

    [Fact]
    public void ThePlanDrawsEachEpisodeAndTheSameScenarioGivesTheSameDraws()
    {
        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);
        scenario.Devices = 200;
        scenario.Days = 2;

        var first = ScenarioPlan.Create(scenario);
        var second = ScenarioPlan.Create(scenario);
        var episodes = first.Devices.SelectMany(first.EpisodesOf).ToList();

        Assert.Equal(episodes.Select(e => e.Parameters.ToJson()), second.Devices.SelectMany(second.EpisodesOf).Select(e => e.Parameters.ToJson()));
        foreach (var group in episodes.GroupBy(e => e.Class))
        {
            Assert.True(group.Count() >= 4, $"{group.Key}: {group.Count()} episodes");
            Assert.True(group.Select(e => e.Parameters.ToJson()).Distinct().Count() > 1, $"{group.Key} episodes all alike");
        }

        Assert.Contains(episodes, e => e.Parameters.Band == AnomalyBand.LowAndSlow);
        Assert.Contains(episodes, e => e.Parameters.Band == AnomalyBand.Standard);
        Assert.All(AnomalyCatalog.All.Where(d => d.Class != AnomalyClass.ConnectionFlood), d =>
            Assert.Contains(episodes, e => e.Class == d.Class && e.Parameters.Band == AnomalyBand.LowAndSlow));
    }

    private static string Range(ParameterRange range) => range.IsFixed
        ? range.Min.ToString("R", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $$"""{ "min": {{range.Min:R}}, "max": {{range.Max:R}}, "scale": "{{(range.Log ? "log" : "linear")}}" }""");
}
