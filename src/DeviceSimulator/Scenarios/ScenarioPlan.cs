using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// A validated scenario laid out: the device list in a fixed order, each device's anomaly episodes and split, and the
/// run's windows. Everything is derived from the scenario seed, so the same scenario gives the same plan.
/// The live fleet and fast mode both build each device's <see cref="DeviceBehaviour"/> from here.
/// </summary>
public sealed class ScenarioPlan
{
    /// <summary>Quiet time kept between two episodes on one device, so each episode's windows are its own.</summary>
    private const double EpisodeGapSeconds = 600;

    private const int PlacementAttempts = 50;

    private readonly List<AnomalyEpisode>[] _episodes;

    private ScenarioPlan(Scenario scenario, DateTimeOffset start, double testShare)
    {
        Scenario = scenario;
        Start = start;
        WindowSeconds = scenario.WindowSeconds;
        WindowCount = (long)Math.Floor(scenario.Days * 86_400 / scenario.WindowSeconds);
        Provenance = new DatasetProvenance(scenario.ScenarioId!, scenario.Seed, DeviceBehaviour.GeneratorVersion);
        Devices = LayOutFleet(scenario, testShare);
        Network = new NetworkEvents((ulong)scenario.Seed);
        _episodes = Devices.Select(_ => new List<AnomalyEpisode>()).ToArray();
        Schedule();
    }

    public Scenario Scenario { get; }

    public DateTimeOffset Start { get; }

    public double WindowSeconds { get; }

    public long WindowCount { get; }

    public DateTimeOffset End => Start.AddSeconds(WindowCount * WindowSeconds);

    public DatasetProvenance Provenance { get; }

    public IReadOnlyList<FleetDevice> Devices { get; }

    /// <summary>The site-wide events (broker outages, inventory sweeps) every device of the run shares.</summary>
    public NetworkEvents Network { get; }

    /// <summary>
    /// Lays out a validated scenario. <paramref name="start"/> overrides the scenario's start (the live fleet passes
    /// the current time); <paramref name="testShare"/> is the share of each device type put in the test split.
    /// </summary>
    public static ScenarioPlan Create(Scenario scenario, DateTimeOffset? start = null, double testShare = 0.2)
    {
        ScenarioFile.EnsureValid(scenario, scenario.ScenarioId ?? "scenario");
        if (!(testShare >= 0 && testShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testShare), testShare, "the test share is between 0 and 1");
        }

        return new ScenarioPlan(scenario, start ?? scenario.Start, testShare);
    }

    public IReadOnlyList<AnomalyEpisode> EpisodesOf(FleetDevice device) => _episodes[device.Index];

    public DeviceBehaviour CreateBehaviour(FleetDevice device) =>
        new(device.Id, device.Type, device.Seed, _episodes[device.Index], WindowSeconds, device.Index, network: Network);

    public DateTimeOffset WindowStart(long window) => Start.AddSeconds(window * WindowSeconds);

    private static FleetDevice[] LayOutFleet(Scenario scenario, double testShare)
    {
        var seed = (ulong)scenario.Seed;
        var fleet = scenario.Fleet!;

        // Largest-remainder rounding over the types in their fixed order: counts add up to the fleet size exactly.
        var types = DeviceTypes.All.Where(fleet.ContainsKey).ToArray();
        var exact = types.Select(t => fleet[t] * scenario.Devices).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = scenario.Devices - counts.Sum();
        foreach (var i in Enumerable.Range(0, types.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take(left))
        {
            counts[i]++;
        }

        var devices = new List<FleetDevice>(scenario.Devices);
        for (var t = 0; t < types.Length; t++)
        {
            var prefix = types[t].Replace('_', '-');
            var ids = Enumerable.Range(1, counts[t]).Select(n => $"{prefix}-{n:0000}").ToArray();

            // Stratified split: within each type, the devices whose seeded rank comes first go to test.
            var testCount = (int)Math.Round(ids.Length * testShare, MidpointRounding.AwayFromZero);
            var test = ids.OrderBy(id => Xoshiro256.Derive(seed, "split:" + id)).ThenBy(id => id, StringComparer.Ordinal)
                .Take(testCount).ToHashSet(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                devices.Add(new FleetDevice(devices.Count, id, types[t], Xoshiro256.Derive(seed, id), test.Contains(id) ? DatasetSplit.Test : DatasetSplit.Train));
            }
        }

        return devices.ToArray();
    }

    private void Schedule()
    {
        var rules = Scenario.Anomalies ?? [];
        var runSeconds = WindowCount * WindowSeconds;
        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r];
            AnomalyCatalog.TryFind(rule.Class!, out var descriptor);
            var parameters = ScenarioFile.ParametersOf(rule);
            var random = new Xoshiro256(Xoshiro256.Derive((ulong)Scenario.Seed, $"anomalies[{r}]"));
            var eligible = Devices
                .Where(d => rule.DeviceTypes is not { Count: > 0 } || rule.DeviceTypes.Contains(d.Type))
                .ToArray();
            var chosen = (int)Math.Round(eligible.Length * rule.DeviceShare, MidpointRounding.AwayFromZero);

            // Partial Fisher–Yates: the first `chosen` devices of a seeded shuffle.
            for (var i = 0; i < chosen; i++)
            {
                var j = i + random.NextInt(eligible.Length - i);
                (eligible[i], eligible[j]) = (eligible[j], eligible[i]);
                for (var e = 0; e < rule.EpisodesPerDevice; e++)
                {
                    Place(eligible[i], descriptor.Class, parameters, random, runSeconds);
                }
            }
        }
    }

    private void Place(FleetDevice device, AnomalyClass anomaly, AnomalyParameters parameters, Xoshiro256 random, double runSeconds)
    {
        var episodes = _episodes[device.Index];
        for (var attempt = 0; attempt < PlacementAttempts; attempt++)
        {
            // Durations vary ±25% around the rule's, in whole windows, and episodes start on the window grid. A run
            // shortened on the command line shortens long episodes to half the run, so normal windows remain.
            var windows = Math.Max(1, Math.Round(Math.Min(parameters.Duration * random.Uniform(0.75, 1.25), runSeconds / 2) / WindowSeconds));
            var duration = windows * WindowSeconds;
            var onsetWindow = random.NextInt((int)Math.Max(1, (runSeconds - duration) / WindowSeconds));
            var onset = Start.AddSeconds(onsetWindow * WindowSeconds);
            var offset = onset.AddSeconds(duration);
            var clear = episodes.All(e =>
                offset.AddSeconds(EpisodeGapSeconds) <= e.Onset || onset >= e.Offset.AddSeconds(EpisodeGapSeconds));
            if (clear)
            {
                episodes.Add(new AnomalyEpisode(anomaly, parameters with { Duration = duration }, onset));
                return;
            }
        }
    }
}
