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

    /// <summary>The parameters a rule gives its episodes: the class defaults with the rule's overrides.</summary>
    public static AnomalyParameters ParametersOf(AnomalyRule rule)
    {
        AnomalyCatalog.TryFind(rule.Class ?? "", out var descriptor);
        var defaults = descriptor.Defaults;
        var given = rule.Parameters ?? new AnomalyRuleParameters();
        var rate = given.Timing is { } timing && AnomalyCatalog.ScanTimings.TryGetValue(timing, out var scanRate)
            ? scanRate
            : given.Rate ?? defaults.Rate;
        return new AnomalyParameters(
            rate,
            given.Duration ?? defaults.Duration,
            given.Period ?? defaults.Period,
            given.Jitter ?? defaults.Jitter,
            given.Intensity ?? defaults.Intensity,
            given.Ramp ?? defaults.Ramp);
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

            if (rule.Parameters?.Timing is { } timing && !AnomalyCatalog.ScanTimings.ContainsKey(timing))
            {
                yield return $"{at}.parameters.timing: '{timing}' is not an nmap timing template (T0–T5)";
            }

            if (rule.Parameters?.Timing is not null && rule.Class != "port_scan")
            {
                yield return $"{at}.parameters.timing: only port_scan takes a timing template";
            }

            var p = ParametersOf(rule);
            if (!(p.Rate >= 0 && double.IsFinite(p.Rate)))
            {
                yield return $"{at}.parameters.rate: {p.Rate} must be zero or positive";
            }

            if (!(p.Duration >= s.WindowSeconds && p.Duration <= MaxDurationSeconds))
            {
                yield return $"{at}.parameters.duration_s: {p.Duration} must be at least one window ({s.WindowSeconds} s) and at most {MaxDurationSeconds} s";
            }

            if (rule.Class is "beacon" or "timing_anomaly" && !(p.Period >= 1 && p.Period <= 86_400))
            {
                yield return $"{at}.parameters.period_s: {p.Period} must be from 1 to 86400 seconds";
            }

            if (!(p.Jitter >= 0 && p.Jitter <= 1))
            {
                yield return $"{at}.parameters.jitter: {p.Jitter} must be between 0 and 1";
            }

            if (!(p.Intensity > 0 && p.Intensity <= 100))
            {
                yield return $"{at}.parameters.intensity: {p.Intensity} must be more than 0 and at most 100";
            }

            if (!(p.Ramp >= 0 && double.IsFinite(p.Ramp)))
            {
                yield return $"{at}.parameters.ramp_s: {p.Ramp} must be zero or positive";
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
