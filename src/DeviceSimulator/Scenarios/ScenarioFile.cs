using System.Text.Json;
using System.Text.Json.Serialization;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// Reads a scenario file and checks every field, so a bad file stops the simulator with a message naming the field
/// (as a JSON path) rather than a run that quietly does something else.
/// </summary>
public static class ScenarioFile
{
    /// <summary>The scenario shipped beside the simulator (copied to its output folder).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Scenarios", "default.json");

    private const double MaxDurationSeconds = 30 * 86_400;

    private static readonly JsonSerializerOptions Options = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static Scenario Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException($"{path}: cannot read the scenario file: {e.Message}", e);
        }

        return Parse(json, path);
    }

    public static Scenario Parse(string json, string source)
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(json, Options);
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"{source}: {e.Path ?? "$"}: {FirstSentence(e.Message)}", e);
        }

        if (scenario is null)
        {
            throw new ScenarioException($"{source}: $: the file holds null, not a scenario object");
        }

        EnsureValid(scenario, source);
        return scenario;
    }

    /// <summary>Checks a scenario (e.g. after command-line overrides) and throws one message listing every bad field.</summary>
    public static void EnsureValid(Scenario scenario, string source)
    {
        var errors = Validate(scenario).ToList();
        if (errors.Count > 0)
        {
            throw new ScenarioException($"{source}: " + string.Join(Environment.NewLine + $"{source}: ", errors));
        }
    }

    private static IEnumerable<string> Validate(Scenario s)
    {
        if (string.IsNullOrWhiteSpace(s.ScenarioId) || !DeviceNames.IsValidId(s.ScenarioId))
        {
            yield return $"$.scenario_id: '{s.ScenarioId}' must be 1–64 characters of a-z, 0-9, '.', '_' or '-' starting with a letter or digit";
        }

        if (s.Seed < 0)
        {
            yield return $"$.seed: {s.Seed} must be zero or positive";
        }

        if (s.Start.Offset != TimeSpan.Zero)
        {
            yield return $"$.start: '{s.Start:O}' must be UTC (end with Z)";
        }

        if (!(s.Days > 0 && s.Days <= 366))
        {
            yield return $"$.days: {s.Days} must be more than 0 and at most 366";
        }

        if (!(s.WindowSeconds >= 1 && s.WindowSeconds <= 3_600) || s.WindowSeconds != Math.Floor(s.WindowSeconds))
        {
            yield return $"$.window_seconds: {s.WindowSeconds} must be a whole number of seconds from 1 to 3600";
        }

        if (s.Devices is < 1 or > 1_000_000)
        {
            yield return $"$.devices: {s.Devices} must be from 1 to 1000000";
        }

        if (s.Fleet is null || s.Fleet.Count == 0)
        {
            yield return "$.fleet: required: the share of the fleet per device type, e.g. {\"camera\": 0.2, \"gateway\": 0.8}";
        }
        else
        {
            foreach (var (type, share) in s.Fleet)
            {
                if (!DeviceTypes.All.Contains(type))
                {
                    yield return $"$.fleet.{type}: unknown device type; known types: {string.Join(", ", DeviceTypes.All)}";
                }

                if (!(share >= 0 && share <= 1))
                {
                    yield return $"$.fleet.{type}: share {share} must be between 0 and 1";
                }
            }

            var total = s.Fleet.Values.Sum();
            if (Math.Abs(total - 1) > 0.001)
            {
                yield return $"$.fleet: shares add up to {total}, not 1";
            }
        }

        var rules = s.Anomalies ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var at = $"$.anomalies[{i}]";
            if (rule is null)
            {
                yield return $"{at}: null is not an anomaly rule";
                continue;
            }

            if (rule.Class is null || !AnomalyCatalog.TryFind(rule.Class, out _))
            {
                yield return $"{at}.class: '{rule.Class}' is not an anomaly class; known classes: {string.Join(", ", AnomalyCatalog.All.Select(a => a.Name))}";
                continue;
            }

            if (!(rule.DeviceShare >= 0 && rule.DeviceShare <= 1))
            {
                yield return $"{at}.device_share: {rule.DeviceShare} must be between 0 and 1";
            }

            if (rule.EpisodesPerDevice is < 1 or > 1_000)
            {
                yield return $"{at}.episodes_per_device: {rule.EpisodesPerDevice} must be from 1 to 1000";
            }

            foreach (var type in rule.DeviceTypes ?? [])
            {
                if (!DeviceTypes.All.Contains(type))
                {
                    yield return $"{at}.device_types: unknown device type '{type}'";
                }
            }

            foreach (var error in ValidateDraws(rule, at, s.WindowSeconds))
            {
                yield return error;
            }
        }
    }

    /// <summary>The rule's band, each number or range it gives, and each variant it names.</summary>
    private static IEnumerable<string> ValidateDraws(AnomalyRule rule, string at, double windowSeconds)
    {
        AnomalyCatalog.TryFind(rule.Class!, out var descriptor);
        if (rule.Band is not (null or AnomalyCatalog.Standard or AnomalyCatalog.LowAndSlow or AnomalyCatalog.Mixed))
        {
            yield return $"{at}.band: '{rule.Band}' is not a band; bands: {AnomalyCatalog.Standard}, {AnomalyCatalog.LowAndSlow}, {AnomalyCatalog.Mixed}";
        }

        var p = rule.Parameters;
        if (p is null)
        {
            yield break;
        }

        var periodic = descriptor.Class is AnomalyClass.Beacon or AnomalyClass.TimingAnomaly or AnomalyClass.DataExfiltration;
        (string Name, ParameterRange? Range, double Min, bool MinIncluded, double Max)[] numbers =
        [
            ("rate", p.Rate, 0, true, descriptor.MaxRate),
            ("duration_s", p.Duration, windowSeconds, true, MaxDurationSeconds),
            ("period_s", p.Period, periodic ? 1 : 0, true, 86_400),
            ("jitter", p.Jitter, 0, true, 1),
            ("intensity", p.Intensity, 0, false, 100),
            ("ramp_s", p.Ramp, 0, true, MaxDurationSeconds),
        ];
        foreach (var (name, given, min, minIncluded, max) in numbers)
        {
            if (given is not { } range)
            {
                continue;
            }

            var bounds = $"must be {(minIncluded ? "from" : "more than")} {min} {(minIncluded ? "to" : "and at most")} {max}";
            if (name == "duration_s")
            {
                bounds = $"must be at least one window ({windowSeconds} s) and at most {MaxDurationSeconds} s";
            }
            else if (name == "jitter")
            {
                bounds = "must be between 0 and 1";
            }

            foreach (var (end, value) in range.IsFixed ? [("", range.Min)] : new[] { (".min", range.Min), (".max", range.Max) })
            {
                if (!(minIncluded ? value >= min : value > min) || !(value <= max))
                {
                    yield return $"{at}.parameters.{name}{end}: {value} {bounds}";
                }
            }

            if (range.Min > range.Max)
            {
                yield return $"{at}.parameters.{name}: min {range.Min} is more than max {range.Max}";
            }

            if (range.Log && !(range.Min > 0))
            {
                yield return $"{at}.parameters.{name}.scale: a log scale needs min above 0, not {range.Min}";
            }
        }

        if (descriptor.Class == AnomalyClass.PortScan && p.Timing is not null && p.Rate is not null)
        {
            yield return $"{at}.parameters.rate: a port scan takes its rate from its timing template; give rate or timing, not both";
        }

        foreach (var (name, choice) in p.Choices())
        {
            var known = descriptor.Variants.FirstOrDefault(v => v.Key == name).Value;
            if (known is null)
            {
                var takers = AnomalyCatalog.All.Where(d => d.Variants.Any(v => v.Key == name)).Select(d => d.Name);
                yield return $"{at}.parameters.{name}: {descriptor.Name} takes no {name}; only {string.Join(", ", takers)} do";
                continue;
            }

            foreach (var value in choice.Values)
            {
                if (!known.Contains(value, StringComparer.OrdinalIgnoreCase))
                {
                    yield return $"{at}.parameters.{name}: '{value}' is not a {descriptor.Name} {name}; it takes {string.Join(", ", known)}";
                }
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
