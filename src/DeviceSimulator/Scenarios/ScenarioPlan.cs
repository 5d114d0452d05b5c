using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// A validated scenario laid out: the device list in a fixed order, each device's anomaly episodes, its device split
/// (stratified by device type and anomaly class, decided once the episodes are scheduled), the time split's cut and
/// the run's windows. Everything is derived from the scenario seed, so the same scenario gives the same plan.
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
        TestShare = testShare;
        TimeSplitCut = Start.AddSeconds(Math.Round((1 - testShare) * WindowCount, MidpointRounding.AwayFromZero) * WindowSeconds);
        Devices = LayOutFleet(scenario);
        Network = new NetworkEvents((ulong)scenario.Seed);
        _episodes = Devices.Select(_ => new List<AnomalyEpisode>()).ToArray();
        Schedule();
        Devices = new DeviceSplitter((ulong)scenario.Seed, testShare).Split(Devices, d => _episodes[d.Index].Select(e => e.Class));
    }

    public Scenario Scenario { get; }

    public DateTimeOffset Start { get; }

    public double WindowSeconds { get; }

    public long WindowCount { get; }

    public DateTimeOffset End => Start.AddSeconds(WindowCount * WindowSeconds);

    public DatasetProvenance Provenance { get; }

    public IReadOnlyList<FleetDevice> Devices { get; }

    /// <summary>The share of the devices, and of the run's windows, put in the test split.</summary>
    public double TestShare { get; }

    /// <summary>
    /// Where the time split cuts the run, on the window grid: windows starting before it are <c>train</c>, the rest
    /// <c>test</c>. It sits <c>1 − TestShare</c> of the way through the run.
    /// </summary>
    public DateTimeOffset TimeSplitCut { get; }

    /// <summary>The site-wide events (broker outages, inventory sweeps) every device of the run shares.</summary>
    public NetworkEvents Network { get; }

    /// <summary>
    /// Lays out a validated scenario. <paramref name="start"/> overrides the scenario's start (the live fleet passes
    /// the current time); <paramref name="testShare"/> is the share of the devices of each device type and anomaly
    /// class put in the test split, and the share of the run at the end that is the time split's test.
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

    /// <summary>
    /// The device's behaviour; <paramref name="warmUp"/> is how long it runs unseen before the plan's start
    /// (<see cref="DeviceBehaviour.DefaultWarmUp"/> when null).
    /// </summary>
    public DeviceBehaviour CreateBehaviour(FleetDevice device, TimeSpan? warmUp = null) =>
        new(device.Id, device.Type, device.Seed, _episodes[device.Index], WindowSeconds, device.Index, warmUp, Network);

    public DateTimeOffset WindowStart(long window) => Start.AddSeconds(window * WindowSeconds);

    /// <summary>The time split of the window starting at <paramref name="windowStart"/>; an episode straddling the cut is split with its windows.</summary>
    public string TimeSplitOf(DateTimeOffset windowStart) => windowStart < TimeSplitCut ? DatasetSplit.Train : DatasetSplit.Test;

    // Every device starts in train: the device split needs the episodes, which are scheduled on this layout.
    private static FleetDevice[] LayOutFleet(Scenario scenario)
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
            for (var n = 1; n <= counts[t]; n++)
            {
                var id = $"{prefix}-{n:0000}";
                devices.Add(new FleetDevice(devices.Count, id, types[t], Xoshiro256.Derive(seed, id), DatasetSplit.Train));
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
                    Place(eligible[i], descriptor.Class, EpisodeDraw.Draw(rule, random), random, runSeconds);
                }
            }
        }
    }

    private void Place(FleetDevice device, AnomalyClass anomaly, AnomalyParameters parameters, Xoshiro256 random, double runSeconds)
    {
        var episodes = _episodes[device.Index];

        // Episodes last whole windows and start on the window grid. A run shortened on the command line shortens long
        // episodes to half the run, so normal windows remain.
        var duration = Math.Max(1, Math.Round(Math.Min(parameters.Duration, runSeconds / 2) / WindowSeconds)) * WindowSeconds;
        for (var attempt = 0; attempt < PlacementAttempts; attempt++)
        {
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
